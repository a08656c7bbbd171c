"""How this site writes a person's name: family name first, as Japanese readers expect."""


def family_first(family_name, given_name):
    """「山田 花子」; one part alone when the other is empty; "" when both are."""
    return f"{family_name.strip()} {given_name.strip()}".strip()


def family_name_before_given(field_names):
    """A form's field names with `last_name` moved just before `first_name`; others unchanged."""
    names = list(field_names)
    if "last_name" not in names or "first_name" not in names:
        return names
    names.remove("last_name")
    names.insert(names.index("first_name"), "last_name")
    return names
