"""A document renders with the cycle collector running less often, and the process gets its usual collector back."""

import gc
import threading

import pytest

from reports import pdf
from reports.pdf import RENDER_GC_THRESHOLD, fewer_collections, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def usual_threshold():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*saved)


def test_the_collector_waits_for_many_more_objects_while_a_document_renders(usual_threshold, monkeypatch):
    seen = []

    class RecordingHTML:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self):
            seen.append(gc.get_threshold())
            return b"%PDF-"

    monkeypatch.setattr(pdf, "HTML", RecordingHTML)
    render_pdf(template_name="reports/pdf_base.html", context={})
    assert seen == [(RENDER_GC_THRESHOLD, 10, 10)]


def test_the_usual_collector_is_back_after_a_real_document(usual_threshold):
    content = render_pdf(template_name="reports/pdf_base.html", context={})
    assert content.startswith(b"%PDF-")
    assert gc.get_threshold() == usual_threshold


def test_the_usual_collector_is_back_when_the_render_fails(usual_threshold, monkeypatch):
    class FailingHTML:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self):
            raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "HTML", FailingHTML)
    with pytest.raises(RuntimeError):
        render_pdf(template_name="reports/pdf_base.html", context={})
    assert gc.get_threshold() == usual_threshold


def test_a_lower_threshold_is_never_set_over_a_higher_one_the_process_chose(usual_threshold):
    gc.set_threshold(RENDER_GC_THRESHOLD * 2, 10, 10)
    with fewer_collections():
        assert gc.get_threshold()[0] == RENDER_GC_THRESHOLD * 2
    assert gc.get_threshold() == (RENDER_GC_THRESHOLD * 2, 10, 10)


def test_overlapping_renders_on_two_threads_put_back_the_usual_collector_only_when_both_are_done(usual_threshold):
    first_inside, second_inside, first_may_leave = threading.Event(), threading.Event(), threading.Event()
    during = {}

    def first():
        with fewer_collections():
            first_inside.set()
            second_inside.wait(5)
            first_may_leave.wait(5)
        during["after first left"] = gc.get_threshold()[0]

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with fewer_collections():
        second_inside.set()
        first_may_leave.set()
        thread.join(5)
        during["second still inside"] = gc.get_threshold()[0]
    assert during == {"after first left": RENDER_GC_THRESHOLD, "second still inside": RENDER_GC_THRESHOLD}
    assert gc.get_threshold() == usual_threshold
