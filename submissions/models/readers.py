"""What readers see of a published case while the editors' edit of its text waits for the
submitter's approval: the `published_text` it had, not the edit.

`SubmissionQuerySet.published()` (every public query) loads cases through `readers_text()`; a
case holding a `published_text` then shows it in place of its title, pitch and answers, in
memory only, and refuses to be saved (`Submission.save`), so the older text can never be
written over the edit.
"""

from django.db import models


class ReadersTextQuerySet(models.QuerySet):
    # Set by readers_text(): the cases loaded show the text readers may see.
    _readers_text = False

    def readers_text(self):
        """These cases as readers see them: a case whose editors' edit waits for approval
        shows its `published_text` (title, pitch and the answers; the answers are loaded
        here when they were not prefetched) instead of the edit."""
        clone = self._chain()
        clone._readers_text = True
        clone._keep_published_text_loaded()
        return clone

    # A narrowed load (`only("title", "slug")`) must still know whether a text is held.
    def only(self, *fields):
        clone = super().only(*fields)
        clone._keep_published_text_loaded()
        return clone

    def defer(self, *fields):
        clone = super().defer(*fields)
        clone._keep_published_text_loaded()
        return clone

    def _keep_published_text_loaded(self):
        if not self._readers_text:
            return
        names, defer = self.query.deferred_loading
        if defer:
            self.query.deferred_loading = (frozenset(names) - {"published_text"}, True)
        elif names:
            self.query.deferred_loading = (frozenset(names) | {"published_text"}, False)

    def _clone(self):
        clone = super()._clone()
        clone._readers_text = self._readers_text
        return clone

    def iterator(self, chunk_size=None):
        for case in super().iterator(chunk_size=chunk_size):
            if self._readers_text and isinstance(case, self.model):
                show_published_text([case])
            yield case

    def _fetch_all(self):
        super()._fetch_all()
        if self._readers_text:
            show_published_text([c for c in self._result_cache if isinstance(c, self.model)])


def show_published_text(cases):
    """Put each held case's `published_text` in place of its current text (in memory only)."""
    held = [case for case in cases if case.published_text and not case._shows_readers_text]
    unloaded = [
        case for case in held if "answers" not in getattr(case, "_prefetched_objects_cache", {})
    ]
    if unloaded:
        models.prefetch_related_objects(unloaded, "answers")
    for case in held:
        text = case.published_text
        case.title, case.summary = text["title"], text["summary"]
        answers = case._prefetched_objects_cache["answers"]
        for answer in answers:
            answer.text = text["answers"].get(str(answer.question_id), "")
        # As the pages leave out empty answers, an answer empty when published stays out.
        answers._result_cache = [answer for answer in answers if answer.text]
        case._shows_readers_text = True
