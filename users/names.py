"""How this site writes a person's name: family name first, as Japanese readers expect."""


def family_first(family_name, given_name):
    """「山田 花子」; one part alone when the other is empty; "" when both are."""
    return f"{family_name.strip()} {given_name.strip()}".strip()
