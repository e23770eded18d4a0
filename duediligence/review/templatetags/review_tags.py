from django import template

register = template.Library()


@register.filter
def get_list(mapping: dict, key: str) -> list:
    """mapping[key], or an empty list: comments of one question."""
    return mapping.get(key, []) if mapping else []
