"""Norwegian dates and deadline phrases: "1. mai", "15.november", "innen 15. oktober", "Løpende".

``find_deadlines`` reads a stretch of clean text and returns every deadline it states, with its
kind (final, preliminary, continuous, to be agreed), the date where there is one, how sure the
rule is, and where in the text the phrase stands. Phrases that look like a deadline but cannot be
read ("Frist: snarest") come back as ``unparsed`` so that they are reported, not lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MONTHS", "DATE_RE", "parse_date", "DeadlineMatch", "find_deadlines"]

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
#: "1. mai", "15.november", "1. februar 2023", "13. jan.", and numeric "15.11.2023".
DATE_RE = re.compile(
    rf"(?P<day>\d{{1,2}})\.\s*(?:(?P<month>{_MONTH_ALT})\b\.?(?:\s+(?P<year>(?:19|20)\d\d)\b)?"
    rf"|(?P<mnum>\d{{1,2}})\.(?P<nyear>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)

KIND_FINAL = "final"
KIND_PRELIMINARY = "preliminary"
KIND_CONTINUOUS = "continuous"
KIND_TO_BE_AGREED = "to-be-agreed"


def parse_date(match: re.Match[str], default_year: int) -> dt.date | None:
    """The date a ``DATE_RE`` match names, in ``default_year`` when it gives none; None if invalid."""
    day = int(match["day"])
    if match["month"]:
        month = MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else default_year
    else:
        month = int(match["mnum"])
        year = int(match["nyear"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


MEANING_DATE = "date"
MEANING_PERIOD = "period"
MEANING_CHANNEL = "channel"
MEANING_CONTINUOUS = "continuous"
MEANING_TO_BE_AGREED = "to-be-agreed"


@dataclass(frozen=True)
class DeadlineMatch:
    """One deadline phrase: ``text[start:end]`` of the searched text says it.

    ``meaning`` says what the phrase is: a date ("1. mars 2024", "innen utgangen av juni"), a
    period ("i løpet av første halvår": ``period_start`` to ``date``), a reporting channel ("rapporteres
    i årsrapporten": ``channel``, no date of its own), continuous, or to be agreed.
    """

    kind: str | None  # None when unparsed
    date: dt.date | None
    start: int
    end: int
    confidence: float
    rule: str
    meaning: str = MEANING_DATE
    period_start: dt.date | None = None
    channel: str | None = None

    @property
    def unparsed(self) -> bool:
        return self.kind is None


_D = DATE_RE.pattern
_MONTH_NAMES = r"januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_PART = (
    r"(?P<part>(?:første|fyrste|1\.)\s+halvår|(?:andre|2\.)\s+halvår|(?:første|fyrste|1\.)\s+kvartal|"
    r"(?:andre|2\.)\s+kvartal|(?:tredje|3\.)\s+kvartal|(?:fjerde|4\.)\s+kvartal|"
    r"(?:første|fyrste|1\.)\s+tertial|(?:andre|2\.)\s+tertial|(?:tredje|3\.)\s+tertial|"
    rf"(?P<month>{_MONTH_NAMES})|året|våren|hausten|høsten)"
)
_YEAR_AFTER = r"(?:\s+(?P<year>(?:19|20)\d\d))?"
#: "Frist:", "Fristen er", "Frist for sluttrapport:", "Frist for oppdraget er innan …", "Leveransefrist:",
#: "Svarfrist", "Rapporteringsfrist:".
_FRIST = re.compile(
    # a label "Frist:" in capitals stays one after a list item without a stop ("c) … departementet Frist: 15.10.2024")
    r"\b(?:[A-Za-zÆØÅæøå]+)?(?:(?<=\bmed\s)|(?<![a-zæøå]\s)|(?=(?-i:F)rist\s*:))[Ff]rist(?:en)?\b(?:\s+for\s+[^:.;\n]{1,40}?(?=\s*:|\s+(?:er|blir|vert)\b))?"
    # "Fristen blir endret til …", "Fristen vert endra til …", "Fristen er forlenget til …": the new date
    r"\s*(?:(?:er|blir|vert)\s+(?:endret|endra|forlenget|forlengd|forlenga|utsatt|utsett|flyttet|flytta)\s+til\b|"
    r"(?:(?:er|blir|vert)\s+)?(?:satt|sett|fastsatt|fastsett)\s+til\b|"
    r":|er\b|blir\b|vert\b|settes\s+til\b|setjast\s+til\b)?\s*",
    re.IGNORECASE,
)
#: A numeric date without its year, "15.09." (the letter's year applies): read only after "innen", "frist" and in
#: a deadline column, where a number so written is a date.
_NUMERIC_NO_YEAR = r"\d{1,2}\.\d{1,2}\.(?![\d])"
_AFTER_FRIST = [
    (re.compile(r"(?:er\s+)?(?:fort)?løp[ea]nde\b", re.IGNORECASE), KIND_CONTINUOUS),
    (
        re.compile(
            r"(?:avklares|fastsettes|avtales|blir\s+avklart|skal\s+avklares|"
            r"etter\s+(?:nærmere\s+|nærmare\s+|nærare\s+)?avtale)\b",
            re.IGNORECASE,
        ),
        KIND_TO_BE_AGREED,
    ),
    (
        re.compile(
            rf"(?:(?:senest\s+|seinast\s+|innen\s+|innan\s+)?(?:den\s+)?)({_D}|{_NUMERIC_NO_YEAR})", re.IGNORECASE
        ),
        KIND_FINAL,
    ),
    (re.compile(rf"(?:innen\s+|innan\s+|i\s+)?{_PART}{_YEAR_AFTER}\b", re.IGNORECASE), "part"),
]
_PRELIMINARY = re.compile(
    rf"\bForeløpig(?:e)?\s+(?:leveranse|frist|rapport\w*|svar|versjon|innspill)\s+(?:innen\s+|senest\s+|den\s+)?({_D})",
    re.IGNORECASE,
)
_TO_BE_AGREED = re.compile(
    r"\b(?:Endelig\s+)?frist(?:en)?(?:\s+for\s+[\wæøå]+)?\s+(?:avklares|fastsettes|avtales|blir\s+avklart|skal\s+avklares|"
    r"(?:blir|vert)\s+(?:avtalte?|avklarte?))\b"
    r"|\b(?:etter|etter\s+nærmere|etter\s+nærmare|etter\s+nærare)\s+avtale\s+med\s+departementet\b|\better\s+nær(?:mere|mare|are)\s+avtale\b"
    # "Tidspunkt for leveranse avtales nærmere med departementet", "Fristen vert avklart seinare"
    r"|\b(?:tidspunkt|tidsplan|dato)\w*(?:\s+og\s+[\wæøå]+)?(?:\s+for\s+[\wæøå]+)?\s+"
    r"(?:avtales|avtalast|avklares|avklarast|fastsettes|fastsetjast|"
    r"(?:blir|vert)\s+(?:avtalte?|avklarte?|fastsette?|fastsatte?))\b"
    r"|\b(?:avtales|avtalast|avklares|avklarast)\s+(?:nærmere|nærmare|nærare|senere|seinare)\b",
    re.IGNORECASE,
)
#: "medio mars 2025" (the middle of the month, the 15th), "ultimo juni" (its last day).
_MID_MONTH = re.compile(
    rf"\b(?P<word>medio|ultimo)\s+(?P<month>{_MONTH_NAMES}){_YEAR_AFTER}\b",
    re.IGNORECASE,
)
#: "primo oktober" (the month's beginning: its first ten days, a period).
_PRIMO = re.compile(rf"\bprimo\s+(?P<month>{_MONTH_NAMES}){_YEAR_AFTER}\b", re.IGNORECASE)
#: A day after a label of the delivery: "Rapportering: 15.11.2025.", "Leveranse: innen 1. mars 2025".
_REPORTING_LABELLED = re.compile(
    rf"\b(?-i:Rapportering|Leveranse|Levering)\s*:\s*(?:innen\s+|innan\s+|senest\s+|seinast\s+)?({_D})", re.IGNORECASE
)
_FINAL_LABELLED = re.compile(rf"\bEndelig\s+(?:leveranse|frist)\s*:?\s*(?:innen\s+|senest\s+)?({_D})", re.IGNORECASE)
_BY = re.compile(rf"\b(?:innen|innan|senest|seinast)\s+(?:den\s+)?({_D}|{_NUMERIC_NO_YEAR})", re.IGNORECASE)
_CONTINUOUS = re.compile(r"\b(?:Fort)?løp[ea]nde\s*$", re.IGNORECASE)
#: "Oppfølgingen er løpende", "holde departementet løpende orientert", "Løpande" as a table cell,
#: "(løpande)" closing an item, "Bistanden gis fortløpende", "Oppdraget løper gjennom hele året".
_CONTINUOUS_PHRASE = re.compile(
    r"\b(?:(?:er|blir|skjer|vere|være)\s+(?:(?:et|eit|en|ei)\s+)?løp[ea]nde\b|løp[ea]nde\s+(?:orientert|informert|oppdatert|"
    r"rapportering|rapportere|dialog)\b|(?:Frist|Tidsfrist)\s*:?\s*løp[ea]nde\b|\bløp[ea]nde(?=\s*[.;,)])|"
    # "Fangsttala skal rapporterast løpande", "skal løpende gi departementet innspill"
    r"\b(?:rapporter(?:es|ast)|meldast|meldes|sendast|sendes)\s+løp[ea]nde\b|"
    r"\b(?:skal|må)\s+løp[ea]nde\s+(?:gi|gje|gjeve|sende|melde|rapportere|informere|orientere|tilpasse|vurdere|"
    r"oppdatere|følge\s+opp|følgje\s+opp)\b|"
    r"\bfortløp[ea]nde\b|"
    # recurring reports after a first one: "første gang 1. april 2024, deretter hvert kvartal"
    r"\b(?:deretter|deretter|og\s+så|sidan|seinare)\s+(?:hvert|hver|kvart|kvar)\s+(?:kvartal|måned|månad|tertial|halvår)\b|"
    # a day of every month, no one date: "Innen 20. hver måned", "innan den 5. kvar månad"
    r"\b\d{1,2}\.\s+(?:hver|kvar)\s+(?:måned|månad)\b|"
    r"\b(?:løper|går|gjeld|gjelder|varer|varar)\s+(?:gjennom|over)\s+(?:hele|heile)\s+(?:året|budsjettåret)|"
    # "Bistanden gis løpende gjennom året", "løpande gjennom heile året"
    r"\bløp[ea]nde\s+gjennom\s+(?:(?:hele|heile)\s+)?(?:året|budsjettåret))",
    re.IGNORECASE,
)
#: "løpende" as the adverb of a verb of following, the clause going on after it: "følge forsyningssituasjonen for
#: kritiske legemidler løpende og gi …", "følgje utviklinga løpande, og …", "skal løpende vurdere …" (not "de
#: løpende oppgavene", an adjective).
_FOLLOWED_ONGOING = re.compile(
    r"\b(?:følg(?:e|je|er|jer)|overvåk(?:e|a|er)|vurder(?:e|a|er)|oppdater(?:e|a|er)|kartlegg(?:e|ja|er))\s+"
    r"(?:med\s+(?:på\s+)?)?(?:[^\s.;:,()]+\s+){0,6}?"
    r"(?<!\bde\s)(?<!\bdei\s)(?<!\bden\s)(?<!\bdet\s)(?<!\bsin\s)(?<!\bsine\s)(?<!\bsitt\s)(?P<word>løp[ea]nde)(?=\s*,|\s+(?:og|samt)\s)"
    r"|\b(?:skal|må|bør)\s+(?P<before>løp[ea]nde)\s+(?=(?:følg|overvåk|vurder|oppdater|kartlegg)\w*\b)",
    re.IGNORECASE,
)
#: "innen utgangen av juni 2024", "innan utgangen av september", "før utgangen av første kvartal".
_END_OF = re.compile(
    rf"\b(?:innen|innan|før|senest|seinast|ved)\s+(?:utgangen|slutten)\s+av\s+(?:{_PART}{_YEAR_AFTER}|(?P<whole>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
#: A quarter written "Q3 2025" (with its year; alone in a deadline column).
_QUARTER_Q = re.compile(r"\b(?:innen\s+|innan\s+|i\s+)?Q(?P<q>[1-4])(?:\s*|-)(?P<year>(?:19|20)\d\d)\b")
_QUARTER_Q_CELL = re.compile(r"^\s*(?:innen\s+|innan\s+|i\s+)?Q(?P<q>[1-4])\s*$")
#: A period alone in a deadline column: "Mai–august 2024", "1. halvår 2025", "i andre tertial".
_MONTH_RANGE_CELL = re.compile(
    rf"^\s*(?:i\s+)?(?P<first>{_MONTH_NAMES})\s*[–—-]\s*(?P<last>{_MONTH_NAMES}){_YEAR_AFTER}\s*$", re.IGNORECASE
)
_PART_CELL = re.compile(
    r"^\s*(?:innen\s+|innan\s+|i\s+|i\s+løpet\s+av\s+)?(?P<part>(?:første|fyrste|andre|tredje|fjerde|[1-4]\.)\s+"
    rf"(?:halvår|kvartal|tertial))(?P<month>(?!))?{_YEAR_AFTER}\s*$",
    re.IGNORECASE,
)
#: "i løpet av første halvår 2024", "i løpet av andre halvår", "i løpet av mai".
_DURING = re.compile(
    rf"\bi\s+(?:løpet\s+av\s+|(?=(?:første|fyrste|andre|tredje|fjerde|[1-4]\.)\s+(?:halvår|kvartal|tertial)))"
    rf"{_PART}{_YEAR_AFTER}\b",
    re.IGNORECASE,
)
#: "rapporteres i årsrapporten", "rapportere på resultatene i årsrapporten", "Rapporterast i årsrapporten", "en kort
#: status på arbeidet i hvert etatsstyringsmøte", "leggje fram erfaringane i det andre etatsstyringsmøtet".
_CHANNEL = re.compile(
    # "holde departementet løpende orientert og rapportere …": "løpende orientert" is continuous, the channel after it
    r"(?<!løpende\s)(?<!løpande\s)\b(?:rapporter\w*|omtal\w*|gjer\w*\s+greie\s+for|gjør\w*\s+rede\s+for|redegjør\w*|orienter\w*|informer\w*|"
    r"status|legg\w*\s+fram|presenter\w*)"
    # a word may close a clause before the channel: "rapportere om status to ganger i året, i tertialrapportene"
    r"(?:\s+(?!\d)[\wæøåÆØÅ-]+,?){0,8}?\s+(?:i|på)\s+"
    r"(?:(?:den|de|det|dei|hvert|kvart|neste|første|fyrste|andre|siste|kommende|kommande)\s+){0,2}"
    # "etatsstyringsmøta" (Nynorsk plural) as "etatsstyringsmøtene"
    r"(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|(?:etats)?styringsmøt(?:e|ene|er|et|a|ane)|"
    r"(?:\d\.\s+)?tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?|"
    # a tertial report by its number: "T2-rapporten", "T1-rapport", "rapporten for 2. tertial"
    r"T[1-3][-–]?rapport(?:en)?|rapport(?:en|a)?\s+for\s+(?:første|fyrste|andre|tredje|[1-3]\.)\s+tertial)\b",
    re.IGNORECASE,
)
#: A report given in a reporting channel: "Delrapport gis i tertialrapporten for 2. tertial", "Sluttrapporten
#: leggjast ved årsrapporten", "Status sendes som del av årsrapporten".
_REPORT_IN_CHANNEL = re.compile(
    r"\b(?:(?:Del|Slutt|Status|Sluttrapport|Delrapport)?rapport\w*|Status|Svar\w*|Innspel\w*|Innspill\w*|"
    # "Samlet vurdering gis i tertialrapportene", "Ei oppsummering leggjast ved årsrapporten"
    r"vurdering\w*|oppsummering\w*|oversikt\w*|oversyn\w*|redegjørelse\w*|utgreiing\w*|framdrift\w*)\s+"
    r"(?:skal\s+)?(?:gis|gjevast|givast|sendes|sendast|leveres|leverast|legges|leggjast|leggast|inngår|inngå)\s+"
    r"(?:i|ved|som\s+(?:en\s+)?del\s+av)\s+(?:den\s+|det\s+)?"
    r"(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|(?:\d\.\s+)?tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?)\b",
    re.IGNORECASE,
)
#: The first of recurring deliveries: "en statusrapport første gang 1. april 2024, deretter hvert kvartal".
_FIRST_TIME = re.compile(rf"\b(?:første|fyrste)\s+g[ao]ng\s+(?:innen\s+|innan\s+|den\s+)?({_D})", re.IGNORECASE)
#: A date a delivery is sent on, without "innen": "Foreløpig utkast sendes departementet 1. juni".
_SENT_ON = re.compile(
    rf"\b(?:sendes|sendast|leveres|leverast|oversendes|oversendast)\s+(?:til\s+)?(?:departementet\s+)?(?:den\s+)?({_D})",
    re.IGNORECASE,
)
#: "i samband med årsrapporten", "i forbindelse med årsrapporten", "sammen med årsrapporten", "i forbindelse med
#: 2. tertialrapport", "i samband med den andre tertialrapporten".
_WITH_CHANNEL = re.compile(
    r"\b(?:i\s+samband\s+med|i\s+forbindelse\s+med|sammen\s+med|saman\s+med|som\s+del\s+av)\s+"
    r"(?:(?:den|det|dei|de|neste|første|fyrste|andre|siste|\d\.)\s+){0,2}"
    r"(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?|"
    # "i samband med etatsstyringsmøta" (Nynorsk plural), "i forbindelse med etatsstyringsmøtene"
    r"(?:etats)?styringsmøt(?:e|et|a|ane|ene|er)|"
    # "leveres sammen med budsjettforslaget for 2027": the agency's budget proposal
    r"budsjettforslag(?:et)?|budsjettframlegg(?:et)?)\b",
    re.IGNORECASE,
)
#: A reporting period's end with its report in brackets: "omtalast i rapporteringa per 30. april (tertialrapporten)";
#: the channel is the report, the date the end of the period it covers, no deadline.
_PERIOD_REPORT = re.compile(
    rf"\brapportering(?:a|en)?\s+(?:per|pr\.)\s+(?:{_D})\s*\(\s*"
    r"(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|(?:\d\.\s+)?tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?)"
    r"\s*\)",
    re.IGNORECASE,
)
#: "Rapportering: Årsrapporten", "Rapporteres: i etatsstyringsmøtet": a labelled line naming the channel.
_LABELLED_CHANNEL = re.compile(
    r"\bRapporter(?:ing|es|ast)\s*:\s*(?:i\s+|på\s+|gjennom\s+)?(?:den\s+)?"
    r"(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|etatsstyringsmøte(?:ne|r|t)?|styringsmøte(?:ne|r|t)?|"
    r"(?:\d\.\s+)?tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?)\b",
    re.IGNORECASE,
)
#: A deadline named by an event, its date in brackets: "i forkant av budsjettforslaget for 2027 (1. februar
#: 2026)", "innen fristen for budsjettinnspill (15. oktober)".
_EVENT_DATE = re.compile(
    rf"\b(?:i\s+forkant\s+av|i\s+god\s+tid\s+før|innen|innan|senest|seinast)\s+[^.;()]{{1,80}}?\s*\(\s*({_D})\s*\)",
    re.IGNORECASE,
)
#: Words in a deadline's clause that make it a part delivery, not the final one.
#: A delivery labelled at the foot of an assignment, the deadline after it: "Leveranse: løpende", "Leveranse: 4. kvartal
#: 2026" (the other readings of "Leveranse: innen …" are the rules' for "innen").
_DELIVERY_LABEL = re.compile(r"\b(?:Leveranse|Leveransar|Leveranser)\s*:\s*", re.IGNORECASE)
#: From a day to the year's end: "frå 1. januar og ut året", "fra 1. mars og ut 2025".
_TO_YEAR_END = re.compile(
    rf"\b(?:fra|frå|fom\.?|f\.o\.m\.)\s+(?:og\s+med\s+)?(?P<date>{_D})\s+og\s+ut\s+(?:året|(?P<until>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
#: Reports every tertial, with no channel named: "Status skal rapporterast kvart tertial", "rapporteres hvert tertial".
_EACH_TERTIAL = re.compile(
    r"\b(?:rapporter\w*|orienter\w*)\s+(?:[\wæøå]+\s+){0,4}?(?:hvert|kvart|kvar|hver)\s+tertial\b", re.IGNORECASE
)
#: A plan for the work delivered before the work itself: "Ein plan for arbeidet skal leverast innan 15. april 2025, og
#: den nye løysinga skal vere i drift innan 1. desember 2025" (the plan's day is a step on the way).
_PLAN_FIRST = re.compile(r"\b(?:ein|en|ei)\s+(?:[\wæøå]+\s+)?(?:plan|framdriftsplan|prosjektplan)\b", re.IGNORECASE)
_PRELIMINARY_WORDS = re.compile(
    r"\b(?:foreløpig\w*|førebels\w*|delrapport\w*|delleveranse\w*|første\s+utkast|utkast\s+til|"
    r"underveisrapport\w*|midtveis\w*|"
    # "Første leveranse skal sendes innen 1. juni 2024 og endelig leveranse innen 1. november 2024"
    r"(?:første|fyrste)\s+(?:leveranse|levering|del))\b",
    re.IGNORECASE,
)
#: "Delrapport 1. mai 2024", "sluttrapport 1. november 2024" (a table cell without "innen").
_REPORT_DATE = re.compile(
    rf"\b(?P<word>delrapport|sluttrapport|endeleg\s+rapport|endelig\s+rapport|"
    # "Delleveranse 2. april 2024, endeleg utgreiing 15. oktober 2024": a part delivery and the final one
    r"delleveranse|sluttleveranse|endeleg\s+(?:utgreiing|leveranse)|endelig\s+(?:utredning|leveranse))\w*"
    # what the report is about may stand between it and its date: "med en delrapport om hovedproblemstillingene 1. mai"
    # or what it holds: "delrapport med kartleggingen 1. mars 2026, sluttrapport med forslag til krav 15.10.2026"
    r"(?:\s+(?:om|on|med)\s+[^\d.,;:()]{1,60}?)?"
    r"\s*:?\s*(?:innen\s+|innan\s+|senest\s+)?"
    rf"(?P<date>{DATE_RE.pattern})",
    re.IGNORECASE,
)
#: Words before a date in a deadline cell that make it the date the deadline replaced: "(forlenget fra 1. desember
#: 2023)", "opprinnelig frist 1. mai", "tidligere 15.03.2024", "(flytta frå …)".
_OLD_DATE_BEFORE = re.compile(
    r"(?:\b(?:fra|frå)|\b(?:opprinnelig|opphavleg|tidligere|tidlegare|gammel|gamal)(?:\s+frist)?)\s*:?\s*$",
    re.IGNORECASE,
)
#: Words before a date that make it a reference, not a deadline ("anbefalingen av 13. desember").
_NOT_A_DEADLINE_BEFORE = re.compile(
    r"(?:\bav|\bfra|\bper|\bpr\.|\bdatert|\bmottar|\bmottok|\bleveranse|\bleveransen|\bbrev|\bsiden|\better|\bfør|"
    # the day a law or rule takes effect: "opplæringslova som tek til å gjelde 1. august 2024", "trer i kraft"
    r"\bgjelde|\bgjelder|\bgjeld|\bi\s+kraft)\s*$",
    re.IGNORECASE,
)


#: Before "ved utgangen av …" in its clause: a measure or a target, whose level at that time is stated ("med mål om at
#: talet på ubehandla saker ved utgangen av 2025 …", "andelen … ved utgangen av året"), or a past state ("hadde").
_MEASURE_BEFORE = re.compile(
    r"\b(?:med\s+mål\s+om|målet\s+er|talet\s+på|tallet\s+på|antall(?:et)?|andel(?:en)?|nivå(?:et)?|hadde)\b[^.;:]*$",
    re.IGNORECASE,
)
#: After it: the level ("ikkje skal vere høgare enn 2 500", "skal være under 5 prosent", "minst 290").
_LEVEL_AFTER = re.compile(
    r"^[^.;:]*?\b(?:(?:høgare|høyere|lågare|lavere|fleire|flere|færre|meir|mer|mindre)\s+enn|under\s+\d|over\s+\d|"
    r"minst\s+\d|maksimalt\s+\d|om\s+lag\s+\d|omlag\s+\d|cirka\s+\d|ca\.\s*\d)",
    re.IGNORECASE,
)


def _state_at(text: str, match: re.Match[str], date: dt.date, year: int) -> bool:
    """True when "ved utgangen av …" dates a state, not a delivery: a time before the letter's year (a status, "UNE
    hadde ved utgangen av november 2023 om lag 4 600 ubehandla saker"), or a measure and its level at that time (a
    target: "talet på ubehandla saker ved utgangen av 2025 ikkje skal vere høgare enn 2 500"). "Planen skal vere
    ferdig ved utgangen av året" stays a deadline."""
    if date.year < year:
        return True
    before = text[max(0, match.start() - 120) : match.start()]
    if _RUNS_OUT.search(before):
        return True  # "Dagens avtale … utløper ved utgangen av 2026": when something ends, no delivery
    return bool(_MEASURE_BEFORE.search(before) or _LEVEL_AFTER.match(text[match.end() : match.end() + 80]))


#: Just before "ved utgangen av …", a verb of something running out: "Avtalen utløper ved utgangen av 2026".
_RUNS_OUT = re.compile(
    r"\b(?:utløper|utløp|går\s+ut|gjeld\s+fram\s+til|opphører|opphøyrer|løper\s+ut|avvikles|avviklast)\s*$",
    re.IGNORECASE,
)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in taken)


def find_deadlines(text: str, year: int, due_cell: bool = False) -> list[DeadlineMatch]:
    """Every deadline ``text`` states, in text order; dates without a year fall in ``year``.

    ``due_cell``: the text is a table's deadline column ("Frist"), where a bare date is the deadline.
    """
    found: list[DeadlineMatch] = []
    taken: list[tuple[int, int]] = []

    def add(
        kind: str | None,
        date: dt.date | None,
        start: int,
        end: int,
        conf: float,
        rule: str,
        meaning: str | None = None,
        period_start: dt.date | None = None,
        channel: str | None = None,
    ) -> None:
        if _overlaps(taken, start, end):
            return
        taken.append((start, end))
        if meaning is None:
            meaning = {KIND_CONTINUOUS: MEANING_CONTINUOUS, KIND_TO_BE_AGREED: MEANING_TO_BE_AGREED}.get(
                kind or "", MEANING_DATE
            )
        named_final = rule == "part/final report" and not _PRELIMINARY_WORDS.match(text, start)
        if (
            kind == KIND_FINAL
            and meaning in (MEANING_DATE, MEANING_PERIOD)
            and not named_final  # "Delrapport 1.4.2023 Sluttrapport 1.10.2023": the final report names itself
            # "Frist for delrapport er 1. april 2024": the part delivery named inside the deadline's own words
            and (_preliminary_clause(text, start) or (rule == "frist" and _PRELIMINARY_WORDS.search(text, start, end)))
        ):
            kind = KIND_PRELIMINARY
        found.append(DeadlineMatch(kind, date, start, end, conf, rule, meaning, period_start, channel))

    def dated(match: re.Match[str], group: int | str, kind: str, conf: float, rule: str) -> None:
        date = _date_at(text, match.start(group), year)
        if date is None:
            add(None, None, match.start(), match.end(), 0.0, f"{rule}: invalid date")
        else:
            add(kind, date, match.start(), match.end(), conf, rule)

    for match in _REPORT_DATE.finditer(text):
        kind = KIND_PRELIMINARY if match["word"].lower().startswith("del") else KIND_FINAL
        dated(match, "date", kind, 0.9, "part/final report")
    for match in _PRELIMINARY.finditer(text):
        dated(match, 1, KIND_PRELIMINARY, 0.95, "preliminary")
    for match in _TO_BE_AGREED.finditer(text):
        add(KIND_TO_BE_AGREED, None, match.start(), match.end(), 0.9, "to-be-agreed")
    if due_cell:  # "Etter avtale", "Avtales med departementet", "Blir avtalt" alone in a deadline column
        for match in re.finditer(
            r"^\s*(?:(?:etter|etter\s+nærmere|etter\s+nærmare|etter\s+nærare)\s+avtale\b|(?:avtales|avtalast|blir\s+avtalt|vert\s+avtalt)"
            r"(?:\s+(?:nærmere|nærare|seinare|senere))?(?:\s+med\s+departementet)?(?=\s*[.,;]?\s*$))",
            text,
            re.I,
        ):
            add(KIND_TO_BE_AGREED, None, match.start(), match.end(), 0.85, "to-be-agreed")
    for match in _FINAL_LABELLED.finditer(text):
        dated(match, 1, KIND_FINAL, 0.95, "final-labelled")
    for match in _REPORTING_LABELLED.finditer(text):
        dated(match, 1, KIND_FINAL, 0.9, "reporting-labelled")
    for match in _FRIST.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        rest = match.end()
        for pattern, kind in _AFTER_FRIST:
            after = pattern.match(text, rest)
            if after is None:
                continue
            if kind == "part":
                span = _part_span(after, year)
                if span is None:
                    continue
                add(
                    KIND_FINAL,
                    span[1],
                    match.start(),
                    after.end(),
                    0.9,
                    "frist: part of the year",
                    MEANING_PERIOD,
                    span[0],
                )
                break
            if kind == KIND_FINAL:
                date = _date_at(text, after.start(1), year)
                if date is None:
                    add(None, None, match.start(), after.end(), 0.0, "frist: invalid date")
                else:
                    add(kind, date, match.start(), after.end(), 0.98, "frist")
            else:
                add(kind, None, match.start(), after.end(), 0.98, "frist")
            break
        else:
            # "Frist" followed by something that is no deadline we can read; a phrase another rule
            # reads ("Frist: innen utgangen av 2024", "Frist: i løpet av første halvår") is left to it.
            ahead = text[rest : rest + 80]
            if any(p.match(ahead) for p in (_END_OF, _DURING, _CHANNEL, _WITH_CHANNEL, _BY, _WEEK, _MID_MONTH, _PRIMO)):
                continue
            clause = re.match(r".*?(?=\.\s+(?-i:[A-ZÆØÅ])|[;\n]|\.?\s*$)", text[rest:])
            if clause is not None and (
                any(p.search(clause.group()) for p in (_END_OF, _DURING, _BY))
                or re.search(r"\bi\s+løpet\s+av\s+(?:19|20)\d\d\b", clause.group(), re.IGNORECASE)
            ):
                # "Frist: Tilsynene skal være gjennomført innen 30. november 2025.": the phrase is read by its rule
                continue
            labelled = _labelled_dates(text, rest) if text[match.start() : rest].rstrip().endswith(":") else []
            if labelled:
                # "Frist: Kravspesifikasjon 15.04.2024, sluttleveranse 01.11.2024": each delivery named, then its date
                for label in labelled:
                    dated(label, "date", KIND_FINAL, 0.9, "frist: named delivery")
                continue
            tail = re.match(r"[^.;\n]{0,40}?(?=\s+(?:ID\b|[A-ZÆØÅ][a-zæøå]+\s+skal\b)|[.;\n]|$)", text[rest:])
            stop = rest + (tail.end() if tail else 0)
            if re.search(r"\d|løpende|avklar", text[rest:stop], re.IGNORECASE) or text[
                match.start() : rest
            ].rstrip().endswith(":"):
                add(None, None, match.start(), max(stop, match.end()), 0.0, "frist: unreadable")
    for match in _BY.finditer(text):
        dated(match, 1, KIND_FINAL, 0.85, "innen")
    for match in _FIRST_TIME.finditer(text):
        dated(match, 1, KIND_FINAL, 0.75, "first of several")
    for match in _SENT_ON.finditer(text):
        dated(match, 1, KIND_FINAL, 0.75, "sent on a date")
    for match in _EVENT_DATE.finditer(text):
        dated(match, 1, KIND_FINAL, 0.85, "event, date in brackets")
    for match in _MID_MONTH.finditer(text):
        month_year = int(match["year"]) if match["year"] else year
        month = MONTHS[match["month"].lower()]
        day = dt.date(month_year, month, 15) if match["word"].lower() == "medio" else _month_end(month_year, month)
        add(KIND_FINAL, day, match.start(), match.end(), 0.75, match["word"].lower())
    for match in _PRIMO.finditer(text):
        month_year = int(match["year"]) if match["year"] else year
        month = MONTHS[match["month"].lower()]
        first_day = dt.date(month_year, month, 1)
        add(
            KIND_FINAL,
            dt.date(month_year, month, 10),
            match.start(),
            match.end(),
            0.7,
            "primo",
            MEANING_PERIOD,
            first_day,
        )
    for match in DATE_RE.finditer(text):
        # A date with the budget year written out, ending a clause, not introduced as a reference:
        # "tilgjengeliggjøre priser på helsedata.no 1. februar 2023".
        if not match["year"] or int(match["year"]) != year or _overlaps(taken, match.start(), match.end()):
            continue
        preceding = text[: match.start()]
        following = text[match.end() :]
        if _NOT_A_DEADLINE_BEFORE.search(preceding) or re.match(r"\s*[–-]\s*\d", following):
            continue
        if not re.match(r"\s*(?:$|[.;]|•|- |–)", following):
            continue
        date = parse_date(match, year)
        if date is not None:
            add(KIND_FINAL, date, match.start(), match.end(), 0.6, "dated-clause")
    for match in _END_OF.finditer(text):
        span = _part_span(match, year)
        if span is not None and match.group(0)[:3].lower() == "ved" and _state_at(text, match, span[1], year):
            continue  # "UNE hadde ved utgangen av november 2023 …", "talet … ved utgangen av 2025 ikkje høgare enn …"
        if span is not None:
            add(KIND_FINAL, span[1], match.start(), match.end(), 0.85, "innen utgangen av")
    for match in _DURING.finditer(text):
        if re.search(
            r"\b(?:avklar\w*|drøft\w*|vil\s+departementet)\b[^.;]*$", text[max(0, match.start() - 80) : match.start()]
        ):
            continue  # "vil avklares … i løpet av januar": when the ministry settles something, no delivery
        span = _part_span(match, year)
        if span is not None:
            add(KIND_FINAL, span[1], match.start(), match.end(), 0.7, "i løpet av", MEANING_PERIOD, span[0])
    for match in _QUARTER_Q.finditer(text):
        _quarter(add, match, int(match["year"]))
    for match in _WEEK.finditer(text):
        # "I løpet av uke 43", "i veke 12 2025": the ISO week, Monday to Sunday, of the year named or the letter's
        week_year = int(match["year"]) if match["year"] else year
        try:
            first, last = (
                dt.date.fromisocalendar(week_year, int(match["week"]), 1),
                dt.date.fromisocalendar(week_year, int(match["week"]), 7),
            )
        except ValueError:
            continue
        add(KIND_FINAL, last, match.start(), match.end(), 0.75, "week", MEANING_PERIOD, first)
    if due_cell:
        for match in _QUARTER_Q_CELL.finditer(text):
            _quarter(add, match, year)
        # a period in a deadline column: "Mai–august 2024", "1. halvår 2025", "Andre tertial"
        for match in _MONTH_RANGE_CELL.finditer(text):
            months_year = int(match["year"]) if match["year"] else year
            first_month, last_month = MONTHS[match["first"].lower()], MONTHS[match["last"].lower()]
            if first_month <= last_month:
                add(
                    KIND_FINAL,
                    _month_end(months_year, last_month),
                    match.start(),
                    match.end(),
                    0.85,
                    "deadline column, months",
                    MEANING_PERIOD,
                    dt.date(months_year, first_month, 1),
                )
        # "I løpet av 2025" alone in a deadline column: the whole year
        for match in re.finditer(r"^\s*(?:i\s+løpet\s+av\s+)(?P<whole>(?:19|20)\d\d)\s*$", text, re.I):
            whole = int(match["whole"])
            add(
                KIND_FINAL,
                dt.date(whole, 12, 31),
                match.start(),
                match.end(),
                0.85,
                "deadline column, year",
                MEANING_PERIOD,
                dt.date(whole, 1, 1),
            )
        for match in _PART_CELL.finditer(text):
            span = _part_span(match, year)
            if span is not None:
                add(
                    KIND_FINAL,
                    span[1],
                    match.start(),
                    match.end(),
                    0.85,
                    "deadline column, part",
                    MEANING_PERIOD,
                    span[0],
                )
    for pattern in (_REPORT_IN_CHANNEL, _WITH_CHANNEL, _PERIOD_REPORT):
        for match in pattern.finditer(text):
            add(
                KIND_FINAL,
                None,
                match.start(),
                match.end(),
                0.8,
                "reporting channel",
                MEANING_CHANNEL,
                channel=_channel(match),
            )
    if due_cell:
        # a deadline or reporting column naming the report or meeting: "Årsrapport 2025", "I tertialrapport 2",
        # "Etatsstyringsmøtene"; each report it names, also after other words ("Status i tertialrapportene,
        # resultater i årsrapporten for 2025")
        for match in re.finditer(
            r"(?:^|(?<=[\s,;]))(?:i\s+|på\s+)?(?P<channel>årsrapport(?:en)?|årsmelding(?:a|en)?|etatsstyringsmøte(?:ne|r|t)?|"
            r"styringsmøte(?:ne|r|t)?|(?:\d\.\s+)?tertialrapport(?:en|ane|ene)?|halvårsrapport(?:en)?|"
            # a report of its own, no standing one: "Eige notat", "Eget notat" in a "Rapportering" column
            r"(?:eget|eige|eit\s+eige|et\s+eget)\s+notat)\b",
            text,
            re.I,
        ):
            add(
                KIND_FINAL,
                None,
                match.start(),
                match.end(),
                0.8,
                "reporting channel",
                MEANING_CHANNEL,
                channel=_channel(match),
            )
    for match in _LABELLED_CHANNEL.finditer(text):
        add(
            KIND_FINAL,
            None,
            match.start(),
            match.end(),
            0.85,
            "reporting channel",
            MEANING_CHANNEL,
            channel=_channel(match),
        )
    for match in _CHANNEL.finditer(text):
        if _overlaps(taken, match.start(), match.end()):
            continue
        add(
            KIND_FINAL,
            None,
            match.start(),
            match.end(),
            0.8,
            "reporting channel",
            MEANING_CHANNEL,
            channel=_channel(match),
        )
        # "orientere departementet om fremdrift … løpende i etatsstyringsmøtene": continuous, through the channel
        steady = re.search(r"\bløp[ea]nde(?=\s+(?:i|på)\s+\S+\s*$)", match.group(0), re.IGNORECASE)
        if steady is not None:
            start, end = match.start() + steady.start(), match.start() + steady.end()
            found.append(DeadlineMatch(KIND_CONTINUOUS, None, start, end, 0.75, "continuous", MEANING_CONTINUOUS))
    for match in _EACH_TERTIAL.finditer(text):
        rule = "reported each tertial"
        add(KIND_FINAL, None, match.start(), match.end(), 0.75, rule, MEANING_CHANNEL, channel="tertialrapport")
    for match in _CONTINUOUS_PHRASE.finditer(text):
        add(KIND_CONTINUOUS, None, match.start(), match.end(), 0.75, "continuous")
    for match in _DELIVERY_LABEL.finditer(text):
        steady = _AFTER_FRIST[0][0].match(text, match.end())
        if steady is not None:  # "Leveranse: løpende"
            add(KIND_CONTINUOUS, None, match.start(), steady.end(), 0.8, "delivery: continuous")
            continue
        part = _AFTER_FRIST[3][0].match(text, match.end())
        span = _part_span(part, year) if part is not None else None
        if part is not None and span is not None:  # "Leveranse: 4. kvartal 2026"
            rule = "delivery: part of the year"
            add(KIND_FINAL, span[1], match.start(), part.end(), 0.85, rule, MEANING_PERIOD, span[0])
    for match in _TO_YEAR_END.finditer(text):
        opening = _date_at(text, match.start("date"), year)
        if opening is not None:
            closing = dt.date(int(match["until"]) if match["until"] else opening.year, 12, 31)
            rule = "from a day to the year's end"
            add(KIND_FINAL, closing, match.start(), match.end(), 0.75, rule, MEANING_PERIOD, opening)
    for match in _FOLLOWED_ONGOING.finditer(text):
        word = "word" if match["word"] else "before"
        add(KIND_CONTINUOUS, None, match.start(word), match.end(word), 0.7, "continuous")
    for match in re.finditer(rf"\bi\s+løpet\s+av\s+(?P<y>{year}|{year + 1})\b", text, re.IGNORECASE):
        # "Arbeidet skal gjennomføres i løpet av 2024", "Frist: I løpet av 2025": the work goes on over the whole year,
        # a period; a state to be reached in it ("Det skal i løpet av 2023 være etablert …"): by the year's end
        whole = int(match["y"])
        reached = re.match(r"\s+(?:være|vere|vera|bli|verte)\b", text[match.end() :], re.IGNORECASE)
        meaning, opening = (None, None) if reached else (MEANING_PERIOD, dt.date(whole, 1, 1))
        add(KIND_FINAL, dt.date(whole, 12, 31), match.start(), match.end(), 0.5, "i løpet av året", meaning, opening)
    if due_cell:
        for match in DATE_RE.finditer(text):
            if re.search(r"\b(?:per|pr\.)\s*$", text[: match.start()], re.IGNORECASE):
                continue  # "I tertialrapporten per 31. august": the end of the period the report covers
            if _OLD_DATE_BEFORE.search(text[: match.start()]):
                continue  # "1. juni 2024 (forlenget fra 1. desember 2023)": the deadline it replaced
            date = parse_date(match, year)
            if date is not None:
                add(KIND_FINAL, date, match.start(), match.end(), 0.9, "deadline column")
        for match in re.finditer(rf"(?<![\d.]){_NUMERIC_NO_YEAR}", text):
            date = _date_at(text, match.start(), year)
            if date is not None:
                add(KIND_FINAL, date, match.start(), match.end(), 0.85, "deadline column, no year")
    for match in _CONTINUOUS.finditer(text):
        add(KIND_CONTINUOUS, None, match.start(), match.end(), 0.7, "continuous")
    found.sort(key=lambda m: m.start)
    return found


def _date_at(text: str, position: int, year: int) -> dt.date | None:
    """The date written at ``position``: "1. mars 2024", "1.3.2024", or "15.09." without its year (``year``)."""
    match = DATE_RE.match(text, position)
    if match is not None:
        return parse_date(match, year)
    bare = re.compile(r"(\d{1,2})\.(\d{1,2})\.(?![\d])").match(text, position)
    if bare is None:
        return None
    try:
        return dt.date(year, int(bare[2]), int(bare[1]))
    except ValueError:
        return None


#: A status report ("statusrapport") is an interim delivery where a final report or further reports follow it.
_STATUS_REPORT = re.compile(r"\bstatus\s*rapport\w*|\bstatusrapport\w*", re.IGNORECASE)
_LATER_REPORT = re.compile(r"\b(?:endelig|endeleg|sluttrapport\w*|deretter)\b", re.IGNORECASE)


#: A deadline followed by the final delivery's, named so: "15.04.2024, sluttleveranse 01.11.2024".
#: Also the next label of a deadline cell: "Høringsnotat: 1. april 2025  Endelig forslag: 1. oktober 2025".
_FINAL_NAMED_AFTER = re.compile(
    r"[^,;]{0,30}?(?:,\s+(?:og\s+)?(?:slutt\w+|endelig\w*|endeleg\w*)\b|"
    r"\s+(?:slutt\w+|endelig\w*|endeleg\w*)(?:\s+[a-zæøå]+)?\s*:\s*(?:innen\s+|innan\s+)?\d)",
    re.IGNORECASE,
)


#: A delivery named, then its date, after "Frist:": "Kravspesifikasjon 15.04.2024", ", sluttleveranse 01.11.2024".
_LABELLED_DATE = re.compile(
    rf"(?:,\s+(?:og\s+)?)?(?P<label>[A-ZÆØÅa-zæøå][\wæøå-]*(?:\s+[a-zæøå][\wæøå-]*){{0,2}})\s+(?P<date>{_D})"
)


def _labelled_dates(text: str, at: int) -> list[re.Match[str]]:
    """The named deliveries and their dates that follow one another from ``at``."""
    found = []
    while (match := _LABELLED_DATE.match(text, at)) is not None:
        found.append(match)
        at = match.end()
    return found


def _preliminary_clause(text: str, start: int) -> bool:
    """True when the clause before a deadline names a part delivery ("En foreløpig plan sendes … innen"), or a
    status report that a final report or further reports follow ("ein statusrapport innan 1. mai 2024. Endeleg
    rapport … innan 1. desember 2024", "en statusrapport første gang 1. april 2024, deretter hvert kvartal")."""
    before = text[max(0, start - 90) : start]
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind(", "), before.rfind(": "))
    if cut > 0 and re.match(r"\s*som\s", before[cut + 1 :]) and before[cut] == ",":
        # a relative clause ("utkast til rundskriv, som sendes departementet innen …") speaks of the clause before
        cut = max(before.rfind(mark, 0, cut) for mark in (". ", "; ", ", ", ": "))
    clause = before[cut + 1 :] if cut >= 0 else before
    if not clause.strip() and cut > 0 and before[cut] == ":":
        # "Utkast til mandat: 1. mars 2025" (a table cell): the label before the colon names the delivery
        prior = max(before.rfind(mark, 0, cut) for mark in (". ", "; ", ", ", ": "))
        clause = before[prior + 1 : cut]
    if _PRELIMINARY_WORDS.search(clause):
        return True
    if 0 < len(clause.split()) <= 3 and _FINAL_NAMED_AFTER.match(text, start):
        # "Frist: Kravspesifikasjon 15.04.2024, sluttleveranse 01.11.2024": a delivery named before the final one
        return True
    if _PLAN_FIRST.search(clause) and _BY.search(text, start + 1):
        return True
    return bool(_STATUS_REPORT.search(clause) and _LATER_REPORT.search(text, start))


def _channel(match: re.Match[str]) -> str:
    word = match["channel"].lower()
    if word.startswith("årsmelding"):
        return "årsmelding"
    if "styringsmøt" in word:  # "etatsstyringsmøta", "styringsmøtet"
        return "etatsstyringsmøte"
    if "tertial" in word or re.match(r"t[1-3][-–]?rapport", word):
        return "tertialrapport"
    if "halvårsrapport" in word:
        return "halvårsrapport"
    if word.startswith("budsjett"):
        return "budsjettforslag"
    if word.endswith("notat"):
        return "eget notat"
    return "årsrapport"


#: A week by its number: "i løpet av uke 43", "innan veke 12 2025", "Uke 9".
_WEEK = re.compile(
    r"\b(?:(?:i\s+løpet\s+av|i\s+løpet\s+av|innen|innan|i)\s+)?(?:uke|veke)\s+(?P<week>\d{1,2})(?!\d)"
    r"(?:\s*(?:,\s*|i\s+)?(?P<year>20\d\d))?\b",
    re.IGNORECASE,
)


def _quarter(add, match: re.Match[str], year: int) -> None:  # type: ignore[no-untyped-def]
    """A period "Q3 2025": the quarter's first to last day."""
    first = 1 + 3 * (int(match["q"]) - 1)
    start, end = dt.date(year, first, 1), _month_end(year, first + 2)
    add(KIND_FINAL, end, match.start(), match.end(), 0.8, "quarter", MEANING_PERIOD, start)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _part_span(match: re.Match[str], year: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of "første halvår", "tredje kvartal", "juni", "året", "våren" in a year."""
    if "whole" in match.re.groupindex and match["whole"]:
        return dt.date(int(match["whole"]), 1, 1), dt.date(int(match["whole"]), 12, 31)
    if match["year"]:
        year = int(match["year"])
    part = " ".join(match["part"].lower().split())
    if match["month"]:
        month = MONTHS[match["month"].lower()]
        return dt.date(year, month, 1), _month_end(year, month)
    if part == "året":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if part == "våren":
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if part in ("høsten", "hausten"):
        return dt.date(year, 8, 1), dt.date(year, 12, 31)
    ordinal = {"første": 1, "fyrste": 1, "1.": 1, "andre": 2, "2.": 2, "tredje": 3, "3.": 3, "fjerde": 4, "4.": 4}
    number = ordinal.get(part.split()[0])
    if number is None:
        return None
    if part.endswith("halvår"):
        first = 1 + 6 * (number - 1)
        return dt.date(year, first, 1), _month_end(year, first + 5)
    if part.endswith("tertial"):  # four months: January-April, May-August, September-December
        first = 1 + 4 * (number - 1)
        return dt.date(year, first, 1), _month_end(year, first + 3)
    first = 1 + 3 * (number - 1)
    return dt.date(year, first, 1), _month_end(year, first + 2)
