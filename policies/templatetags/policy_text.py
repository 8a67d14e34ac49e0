"""Policy texts on pages: ``{{ version.display_body|policy_markdown }}`` (safe by construction)."""

from django import template

from policies.markdown import render_policy_markdown

register = template.Library()


@register.filter
def policy_markdown(value) -> str:
    return render_policy_markdown(str(value or ""))
