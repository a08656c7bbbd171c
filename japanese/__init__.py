"""Japanese text analysis shared by search (normalised index terms) and proofreading."""
