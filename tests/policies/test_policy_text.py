"""Policy bodies are typed by admins and shown to everyone: Markdown in, never a script out."""

from policies.markdown import render_policy_markdown


def test_a_script_in_a_policy_body_is_shown_as_text_not_run():
    html = render_policy_markdown('<script>alert("x")</script>')

    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_event_handler_inside_a_list_item_is_escaped():
    html = render_policy_markdown('- <img src=x onerror="alert(1)">')

    assert "<img" not in html and "&lt;img" in html


def test_a_script_inside_bold_text_is_escaped():
    html = render_policy_markdown("**<b onclick=alert(1)>x</b>**")

    assert "<b " not in html and "<strong>&lt;b onclick=alert(1)&gt;x&lt;/b&gt;</strong>" in html


def test_a_heading_becomes_a_section_heading_under_the_page_title():
    assert render_policy_markdown("# تمهيد") == "<h2>تمهيد</h2>"


def test_dashes_make_a_bulleted_list():
    assert render_policy_markdown("- أولاً\n- ثانياً") == "<ul>\n<li>أولاً</li>\n<li>ثانياً</li>\n</ul>"


def test_arabic_indic_numbers_make_a_numbered_list():
    assert render_policy_markdown("١. المقابلة\n٢- الاتصالات الهاتفية") == (
        "<ol>\n<li>المقابلة</li>\n<li>الاتصالات الهاتفية</li>\n</ol>"
    )


def test_indented_bullets_nest_under_the_item_above():
    html = render_policy_markdown("- عن طريق ما يلي:\n  - تصحيح المفاهيم\n- بند آخر")

    assert html == "<ul>\n<li>عن طريق ما يلي:\n<ul>\n<li>تصحيح المفاهيم</li>\n</ul></li>\n<li>بند آخر</li>\n</ul>"


def test_lines_of_one_paragraph_are_kept_apart_and_blank_lines_start_a_new_one():
    assert render_policy_markdown("سطر\nسطر ثان\n\nفقرة") == "<p>سطر<br>سطر ثان</p>\n<p>فقرة</p>"
