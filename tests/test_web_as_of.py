"""The web pages as of a day (``?as_of``) and what they tell of the supplements, through the application
on the shipped letter with the two hand-modelled supplements (tests/fixtures/supplements/*.ttl).

Lines cited are lines of the supplements' texts (tests/fixtures/supplements/*.txt):

* tillegg-nr-3-2023-direktoratet-for-e-helse.txt, dated 16 June 2023 (line 12): kap. 701 post 21 from
  70 727 to 75 727 (+5 000) in 1000 kroner (lines 31-36); TB2023-27 new (lines 46-51, KS collaborates,
  line 47); TB2023-17 withdrawn "med virkning fra 1. juli 2023" (lines 55-56); TB2023-15's "Nasjonal
  innføringsstrategi for dokumentdeling" moved "fra 1. september 2023 til 1. november 2023" (lines 61-63).
* tillegg-nr-5-2023-direktoratet-for-e-helse.txt, dated 20 October 2023 (line 12): kap. 744 post 21 from
  132 585 to 129 585 (-3 000) (lines 23-30); TB2023-10 moved from 1 November to 1 December 2023 (line 40).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from project_paths import amended_data_root


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from tbgraph.api import Settings, create_app

    root = tmp_path_factory.mktemp("amended")
    amended_data_root(root)
    app = create_app(Settings(data_root=Path(root), query_workers=1, validate_on_start=False))
    with TestClient(app) as client:
        yield client


def text(html: str) -> str:
    """The page's main element as a reader sees it (tags out, white space folded)."""
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split()).replace(" ,", ",").replace(" .", ".")


def page(client: Any, path: str, lang: str = "nb", status: int = 200) -> str:
    client.cookies.set("tbgraph-lang", lang)
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == status, (path, response.status_code)
    return response.text


def ids(html: str) -> set[str]:
    return set(re.findall(r">(TB2023-\d+)</a>", html))


def test_the_lists_answer_the_day_asked_about(client: Any) -> None:
    after = page(client, "/assignments")
    assert "TB2023-17" not in ids(after) and "TB2023-27" in ids(after)
    assert "Slik brevene står etter alle innlastede tillegg" in text(after)
    june = page(client, "/assignments?as_of=2023-06-30")  # Tillegg nr. 3 in effect, the withdrawal not yet
    assert "TB2023-17" in ids(june) and "TB2023-27" in ids(june)
    assert "Per 30. juni 2023" in text(june)
    spring = page(client, "/assignments?as_of=2023-06-15")
    assert "TB2023-27" not in ids(spring)
    assert "As of 15 June 2023" in text(page(client, "/assignments?as_of=2023-06-15", "en"))
    # KS collaborates in TB2023-27 (line 47): its page and the actors list follow the day
    assert "TB2023-27" in ids(page(client, "/id/org/ks"))
    assert "TB2023-27" not in ids(page(client, "/id/org/ks?as_of=2023-06-15"))


def test_the_day_is_kept_in_links_forms_and_downloads(client: Any) -> None:
    html = page(client, "/assignments?goal=3&as_of=2023-06-30")
    assert '<input type="hidden" name="as_of" value="2023-06-30">' in html  # the filter form
    assert re.search(r'href="\?goal=3&amp;as_of=2023-06-30&amp;format=csv"', html)
    switch = re.search(r'class="lang-switch" href="([^"]+)"', html)
    assert switch and "as_of%3D2023-06-30" in switch.group(1)
    assert 'href="http://testserver/id/assignment/ehelse/TB2023-17?as_of=2023-06-30"' in html
    download = client.get("/assignments?goal=3&as_of=2023-06-30&format=csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert "TB2023-17" in {r[0] for r in rows[1:]}
    rows = list(csv.reader(io.StringIO(client.get("/assignments?goal=3&format=csv").content.decode("utf-8-sig"))))
    assert "TB2023-17" not in {r[0] for r in rows[1:]}


@pytest.mark.parametrize(
    "path",
    [
        "/assignments?as_of=2023-13-01",
        "/actors?as_of=30.06.2023",
        "/deadlines?as_of=2023-02-30",
        "/budget?as_of=x",
        "/goals?as_of=2023-6-1",
        "/timeline?as_of=juni",
        "/questions/owners?as_of=1.+juli",
        "/id/assignment/ehelse/TB2023-15?as_of=2023-13-01",
        "/id/org/ks?as_of=2023-13-01",
        "/?as_of=2023-07-32",
        "/explore?as_of=1.7.2023",
    ],
)
def test_a_bad_day_is_a_400_page_naming_the_parameter(client: Any, path: str) -> None:
    html = page(client, path, status=400)
    said = text(html)
    assert "as_of" in said and ("YYYY-MM-DD" in said or "no such day" in said)


def test_a_withdrawn_assignment_says_so_and_by_what(client: Any) -> None:
    said = text(page(client, "/id/assignment/ehelse/TB2023-17"))
    # "med virkning fra 1. juli 2023", lines 55-56 of Tillegg nr. 3
    assert (
        "Trukket tilbake: ikke et aktivt oppdrag. trukket tilbake fra 1. juli 2023 av Tillegg nr. 3, linje 55–56"
    ) in said
    assert "Oppdraget er trukket tilbake: disse fristene gjelder ikke lenger." in said
    before = text(page(client, "/id/assignment/ehelse/TB2023-17?as_of=2023-06-30", "en"))
    assert "Active on the day shown; later withdrawn from 1 July 2023 by Tillegg nr. 3, lines 55–56" in before
    assert "not yet in effect on the day shown" in before
    html = page(client, "/id/assignment/ehelse/TB2023-17")
    assert 'href="http://testserver/id/letter/ehelse/2023/supplement/3"' in html  # the supplement
    assert 'href="http://testserver/id/letter/ehelse/2023/supplement/3/change/4"' in html  # its lines


def test_a_moved_deadline_says_from_when_to_when_by_what(client: Any) -> None:
    nb = text(page(client, "/id/assignment/ehelse/TB2023-15"))
    assert (
        "2023-11-01 Nasjonal innføringsstrategi for dokumentdeling flyttet fra 1. september til 1. november 2023 "
        "av Tillegg nr. 3, linje 61–63" in nb
    )
    en = text(page(client, "/id/assignment/ehelse/TB2023-15", "en"))
    assert "moved from 1 September to 1 November 2023 by Tillegg nr. 3, lines 61–63" in en
    spring = text(page(client, "/id/assignment/ehelse/TB2023-15?as_of=2023-06-15"))
    assert "2023-09-01 Nasjonal innføringsstrategi for dokumentdeling endelig frist" in spring
    # TB2023-10 (line 40 of Tillegg nr. 5) on the deadlines page, in December, with the change
    december = text(page(client, "/deadlines?month=2023-12"))
    assert "flyttet fra 1. november til 1. desember 2023 av Tillegg nr. 5, linje 40" in december
    assert "TB2023-10" not in text(page(client, "/deadlines?month=2023-11"))
    assert "TB2023-10" in text(page(client, "/deadlines?month=2023-11&as_of=2023-10-19"))


def test_a_changed_budget_post_shows_before_change_after_and_the_supplement(client: Any) -> None:
    said = text(page(client, "/budget"))
    assert (
        "Spesielle driftsutgifter endret fra 70 727 til 75 727 (+5 000, 1000 NOK) av Tillegg nr. 3 "
        "fra 16. juni 2023, linje 31–36" in said
    )
    assert "kap. 701 post 21 70 727 +5 000 75 727 1000 NOK Tillegg nr. 3 16. juni 2023 31–36" in said
    assert "kap. 744 post 21 132 585 −3 000 129 585 1000 NOK Tillegg nr. 5 20. oktober 2023 23–30" in said
    summer = text(page(client, "/budget?as_of=2023-06-30"))
    assert "75 727 000" in summer and "388 621 000" not in summer and "391 621 000" in summer
    assert "kap. 744 post 21 (ikke i kraft ennå denne dagen)" in summer


def test_the_timeline_answers_the_day(client: Any) -> None:
    now = client.get("/api/timeline").json()["items"]
    spring = client.get("/api/timeline", params={"as_of": "2023-06-15"}).json()["items"]
    assert "TB2023-17" not in {i["id"] for i in now} and "TB2023-17" in {i["id"] for i in spring}
    strategy = [i["date"] for i in now if i["what"] == "Nasjonal innføringsstrategi for dokumentdeling"]
    assert strategy == ["2023-11-01"]
    earlier = [i["date"] for i in spring if i["what"] == "Nasjonal innføringsstrategi for dokumentdeling"]
    assert earlier == ["2023-09-01"]


def test_the_front_page_counts_and_lists_what_is_due_on_the_day(client: Any) -> None:
    # TB2023-17 (main goal 3) withdrawn "med virkning fra 1. juli 2023" (Tillegg nr. 3, lines 55-56)
    before = page(client, "/?as_of=2023-06-30")
    assert "Per 30. juni 2023" in text(before)
    assert re.search(r"Oppdrag</dt><dd><a [^>]+>27</a>", before)  # 26 of the letter, TB2023-27 from 16 June
    assert re.search(r"assignments\?goal=3&amp;as_of=2023-06-30\">3\. [^<]+</a> — 9", before)
    after = page(client, "/?as_of=2023-07-01")
    assert re.search(r"Oppdrag</dt><dd><a [^>]+>26</a>", after)
    assert re.search(r"assignments\?goal=3&amp;as_of=2023-07-01\">3\. [^<]+</a> — 8", after)
    assert re.search(r"Oppdrag</dt><dd><a [^>]+>26</a>", page(client, "/"))  # after every supplement
    # the day is kept in the front page's links
    assert 'href="http://testserver/assignments?letter=letter/ehelse/2023&amp;as_of=2023-07-01"' in after
    assert 'href="http://testserver/deadlines?as_of=2023-07-01"' in after
    assert 'href="http://testserver/explore?as_of=2023-07-01"' in after


def test_what_is_due_next_follows_the_moved_deadlines(client: Any) -> None:
    # TB2023-15's strategy moved "fra 1. september 2023 til 1. november 2023" (Tillegg nr. 3, lines 61-63);
    # TB2023-10 moved from 1 November to 1 December 2023 by Tillegg nr. 5 of 20 October (line 40)
    def due(html: str) -> str:
        part = html[html.index("<h4>Neste frister fra") : html.index("Alle frister")]
        return " ".join(re.sub(r"<[^>]+>", " ", part).split()).replace(" ,", ",")

    october = due(page(client, "/?as_of=2023-10-25"))
    assert october.startswith(
        "Neste frister fra 25. oktober 2023 2023-11-01 TB2023-15 Nasjonal innføringsstrategi "
        "for dokumentdeling flyttet fra 1. september til 1. november 2023 av Tillegg nr. 3, "
        "linje 61–63"
    )
    assert "TB2023-10" not in october  # now 1 December, after the five shown
    assert "2023-11-01 TB2023-10" in due(page(client, "/?as_of=2023-10-19"))  # before Tillegg nr. 5
    summer = due(page(client, "/?as_of=2023-08-25"))
    assert "2023-09-01" not in summer and "TB2023-15" not in summer  # not due 1 September any more
    english = page(client, "/?as_of=2023-10-25", "en")
    assert "Due next from 25 October 2023" in text(english)
    assert "moved from 1 September to 1 November 2023 by Tillegg nr. 3, lines 61–63" in text(english)


def test_the_graph_draws_the_assignments_in_force_on_the_day(client: Any) -> None:
    def nodes(view: str, day: str | None = None) -> set[str]:
        body = client.get(f"/api/graph/{view}", params={"as_of": day} if day else {}).json()
        return {n["assignment_id"] for n in body["nodes"] if n.get("assignment_id")}

    # TB2023-17 withdrawn from 1 July 2023 (Tillegg nr. 3, lines 55-56)
    for view in ("bipartite", "dependencies"):
        assert "TB2023-17" in nodes(view, "2023-06-30"), view
        assert "TB2023-17" not in nodes(view, "2023-07-01"), view
        assert "TB2023-17" not in nodes(view), view  # after every supplement
    assert "TB2023-27" in nodes("bipartite", "2023-06-30") and "TB2023-27" not in nodes("bipartite", "2023-06-15")

    # KS collaborates in TB2023-27 (line 47): an edge of the collaboration graph from 16 June, not before
    def shared(day: str | None = None) -> set[str]:
        body = client.get("/api/graph/collaboration", params={"as_of": day} if day else {}).json()
        return {a for e in body["edges"] for a in e["assignments"]}

    assert "TB2023-27" in shared() and "TB2023-27" not in shared("2023-06-15")
    goals = {o["key"]: o["assignments"] for o in client.get("/api/graph/filters?as_of=2023-06-30").json()["goals"]}
    assert goals["3"] == 9 and client.get("/api/graph/filters?as_of=2023-07-01").json()["goals"][2]["assignments"] == 8

    # the dependency graph's due dates follow the move of TB2023-15's deadline (lines 61-63)
    def deadlines(day: str) -> list[str]:
        body = client.get("/api/graph/dependencies", params={"as_of": day}).json()
        return next(n["deadlines"] for n in body["nodes"] if n.get("assignment_id") == "TB2023-15")

    assert "2023-11-01" in deadlines("2023-07-01") and "2023-09-01" not in deadlines("2023-07-01")
    assert "2023-09-01" in deadlines("2023-06-15") and "2023-11-01" not in deadlines("2023-06-15")
    ehelse = client.get("/api/graph/agencies/ehelse", params={"as_of": "2023-07-01"}).json()
    assert "TB2023-17" not in {a["id"] for a in ehelse["assignments"]}
    assert client.get("/api/graph/bipartite", params={"as_of": "2023-13-01"}).status_code == 422


def test_the_graph_page_shows_and_keeps_the_day(client: Any) -> None:
    html = page(client, "/explore?view=bipartite&as_of=2023-06-30")
    assert "Per 30. juni 2023" in text(html)
    assert '<input type="hidden" name="view" value="bipartite">' in html  # the day's form keeps the view
    assert 'href="http://testserver/actors?as_of=2023-06-30"' in html


def test_a_withdrawn_assignment_has_neighbours_marked_in_the_letters_order(client: Any) -> None:
    def neighbours(path: str, lang: str = "nb") -> str:
        html = page(client, path, lang)
        return " ".join(re.sub(r"<[^>]+>", " ", html[html.index('<nav class="prevnext"') :].split("</nav>")[0]).split())

    # TB2023-17, withdrawn from 1 July 2023 (lines 55-56), walks on to TB2023-16 and TB2023-18
    assert neighbours("/id/assignment/ehelse/TB2023-17") == (
        "← TB2023-16 Helseteknologiordning TB2023-18 Informasjonsutveksling mellom NAV og helsetjenesten →"
    )
    # and is marked where it is a neighbour on a day it is withdrawn, not before
    assert "TB2023-17 Portaler for rapportering for helsepersonell trukket tilbake →" in neighbours(
        "/id/assignment/ehelse/TB2023-16"
    )
    assert "← TB2023-17 Reporting portals for health personnel withdrawn TB2023-19" in neighbours(
        "/id/assignment/ehelse/TB2023-18", "en"
    )
    assert "trukket tilbake" not in neighbours("/id/assignment/ehelse/TB2023-16?as_of=2023-06-30")
    # TB2023-27, given from 16 June 2023 (lines 46-51), is "not yet given" as TB2023-26's neighbour before
    assert "TB2023-27 Kartlegging av informasjonssikkerhet i kommunale e-helseløsninger ikke gitt ennå →" in (
        neighbours("/id/assignment/ehelse/TB2023-26?as_of=2023-06-15")
    )
    html = page(client, "/id/assignment/ehelse/TB2023-17?as_of=2023-07-01")
    assert 'href="http://testserver/id/assignment/ehelse/TB2023-18?as_of=2023-07-01" rel="next"' in html
