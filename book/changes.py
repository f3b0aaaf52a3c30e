"""What changed in the book since the previous edition (the front matter's "Endringer")."""


def changes_since(previous: dict, printed: list, *, previous_number=None) -> dict:
    """Cases added, changed (other text or contact box) and removed since the previous edition;
    `printed`: the book.render.PrintedCase of this one."""
    if previous_number is None:
        return {}
    now = {case.public_id: case for case in printed}
    return {
        "previous": previous_number,
        "added": [
            {"id": c.public_id, "title": c.title} for c in printed if c.public_id not in previous
        ],
        "changed": [
            {"id": c.public_id, "title": c.title}
            for c in printed
            if c.public_id in previous and previous[c.public_id]["fingerprint"] != c.fingerprint
        ],
        "removed": [
            {"id": public_id, "title": entry["title"]}
            for public_id, entry in previous.items()
            if public_id not in now
        ],
    }
