from django import template

from book.text import book_markdown

register = template.Library()


@register.filter(name="book_markdown")
def book_markdown_filter(text):
    """{{ answer.text|book_markdown }}: capped, then rendered by publishing's render_markdown."""
    return book_markdown(text)
