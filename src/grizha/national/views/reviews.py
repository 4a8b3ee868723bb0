"""Changes of national descriptions for a municipality's editors to review: their own text beside the
national text before and after the change; they take the new national text or keep their own."""

from __future__ import annotations

import difflib
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from grizha.accounts.decorators import staff_required, staff_user
from grizha.accounts.roles import Capability
from grizha.accounts.selectors import StaffScope, request_scope
from grizha.catalog import masters
from grizha.core.forms import error_links
from grizha.national.forms import ReviewDecisionForm

SECTION = {"staff_section": "national"}


def _visible(scope: StaffScope) -> list[str] | None:
    """Municipalities whose reviews a member of staff sees; None: every one (a national editor)."""
    return None if scope.can(Capability.EDIT_MASTERS) else sorted(scope.municipality_codes)


def word_changes(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """What changed from one text to another, word by word: ("same" | "removed" | "added", words)."""
    old, new = " ".join(before).split(), " ".join(after).split()
    changes: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            changes.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            changes.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            changes.append(("added", " ".join(new[j1:j2])))
    return changes


@staff_required(Capability.EDIT_CATALOG)
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = masters.reviews_pending(municipalities=_visible(request_scope(request)))
    rows = [(review, masters.LABELS[review.field]) for review in reviews[:500]]
    return render(request, "national/reviews.html", {"rows": rows, **SECTION})


@staff_required(Capability.EDIT_CATALOG)
@require_http_methods(["GET", "HEAD", "POST"])
def review_detail(request: HttpRequest, review_id: UUID) -> HttpResponse:
    scope = request_scope(request)
    review = masters.reviews_pending(municipalities=_visible(scope)).filter(id=review_id).first()
    if review is None:
        raise Http404
    may_decide = review.service.municipality_id in scope.municipality_codes
    form = ReviewDecisionForm(request.POST if request.method == "POST" and may_decide else None)
    if form.is_bound and form.is_valid():
        take = form.cleaned_data["decision"] == "take"
        masters.review_decide(review=review, take=take, actor=staff_user(request))
        messages.success(request, _("The national text was taken.") if take else _("Your own text was kept."))
        return redirect("national:master-reviews")
    errors = error_links(form) if form.is_bound else []
    sides = masters.review_sides(review)
    context = {
        "review": review,
        "label": masters.LABELS[review.field],
        "sides": sides,
        "changes": word_changes(sides["before"], sides["after"]),
        "may_decide": may_decide,
        "form": form,
        "errors": errors,
        **SECTION,
    }
    return render(request, "national/review.html", context, status=400 if errors else 200)
