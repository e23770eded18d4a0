"""Bounds on what people type, in one place: a form refuses more with a message that gives both numbers."""

# Free text (an answer, a risk's description, a comment): about ten printed pages.
LONG_TEXT_MAX = 20_000
# One-line text answers.
SHORT_TEXT_MAX = 500
