"""The W3C Web Annotation Data Model's MUST-level requirements, as checks on JSON.

Written for this project from the model (https://www.w3.org/TR/annotation-model/) and from
the MUST assertions of the Working Group's test suite, which we read but do not copy:
repository w3c/web-annotation-tests at commit adedd9a5f06d9daa75bbfbb97aa9215cd09b4bb5,
files annotations/annotationMusts.test, collections/collectionMusts.test and
collections/pages/pageMusts.test and the assertions and definitions they name. Each check
below carries the name of the assertion file it encodes.

``collection_violations(doc)`` returns one message per failed requirement (empty when
conformant) for an AnnotationCollection with its first AnnotationPage embedded, and every
Annotation in it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "tagging"}
SELECTORS = {"FragmentSelector", "CssSelector", "XPathSelector", "TextQuoteSelector", "TextPositionSelector",
             "DataPositionSelector", "SvgSelector", "RangeSelector"}
STATES = {"TimeState", "HttpRequestState"}
CHOICES = {"Choice", "Composite", "List", "Independents"}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")  # RFC 3986: an absolute URI, no white space
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")  # RFC 3339


def is_uri(value: Any) -> bool:
    return isinstance(value, str) and bool(_URI.match(value))


def is_date_time(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def values(value: Any) -> list[Any]:
    """A JSON-LD value as a list of its values."""
    return value if isinstance(value, list) else [value]


def single(value: Any, test) -> bool:
    """Exactly one value (a value, or an array of one) that passes ``test``."""
    if isinstance(value, list):
        return len(value) == 1 and test(value[0])
    return test(value)


def one_or_more(value: Any, test) -> bool:
    if isinstance(value, list):
        return len(value) >= 1 and all(test(v) for v in value)
    return test(value)


def types(obj: Any) -> set[str]:
    return {t for t in values(obj.get("type", [])) if isinstance(t, str)} if isinstance(obj, dict) else set()


# -- kinds of resource (definitions/bodyTarget.json, specificResource.json, choiceSet.json) --
def is_external(obj: Any) -> bool:
    """An External Web Resource: an object with a single id of format uri and neither source nor target."""
    return isinstance(obj, dict) and single(obj.get("id"), is_uri) and "source" not in obj and "target" not in obj


def is_choice(obj: Any) -> bool:
    return isinstance(obj, dict) and bool(types(obj) & CHOICES) and isinstance(obj.get("items"), list)


def is_textual(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("value"), str)


def is_specific(obj: Any) -> bool:
    """A Specific Resource: one source (uri or External Web Resource) and something that makes it specific."""
    if not isinstance(obj, dict) or "source" not in obj:
        return False
    if not (is_uri(obj["source"]) or is_external(obj["source"])):
        return False
    purpose_ok = "purpose" in obj and one_or_more(obj["purpose"], lambda p: p in MOTIVATIONS)
    return purpose_ok or any(k in obj for k in ("selector", "state", "styleClass", "renderedVia", "scope"))


def resources(value: Any) -> list[Any]:
    """The bodies or targets, and their sources and choice items: everything the assertions look into."""
    found = []
    for item in values(value):
        found.append(item)
        if isinstance(item, dict):
            if isinstance(item.get("source"), dict):
                found.append(item["source"])
            if is_choice(item):
                found += [i for i in item["items"]]
    return found


# -- checks -------------------------------------------------------------------------------
def _if_present(obj: dict, key: str, test, message: str, out: list[str]) -> None:
    if key in obj and not test(obj[key]):
        out.append(message)


def _lifecycle(obj: dict, where: str, out: list[str]) -> None:
    """3.3.1-*CreatedValidated, *ModifiedValidated, *GeneratedValidated; 3.3.6 rights; 3.3.7 canonical, via."""
    for key in ("created", "modified", "generated"):
        _if_present(obj, key, lambda v: single(v, is_date_time), f"{where}: '{key}' must be one date-time "
                    f"with a time zone, not {obj.get(key)!r} (3.3.1-{key}Validated)", out)
    _if_present(obj, "rights", lambda v: one_or_more(v, is_uri), f"{where}: every 'rights' must be a uri (3.3.6)", out)
    _if_present(obj, "canonical", lambda v: single(v, is_uri), f"{where}: 'canonical' must be one uri (3.3.7)", out)
    _if_present(obj, "via", lambda v: one_or_more(v, is_uri), f"{where}: every 'via' must be a uri (3.3.7)", out)
    _if_present(obj, "textDirection", lambda v: single(v, lambda d: d in ("ltr", "rtl", "auto")),
                f"{where}: 'textDirection' must be one of ltr, rtl, auto (3.2.1)", out)


def _described(value: Any, known: set[str], what: str, assertion: str, where: str, out: list[str]):
    """Each selector or state that is an object, with its types; a uri is fine, anything else is reported."""
    for item in values(value):
        if is_uri(item):
            continue
        if not isinstance(item, dict):
            out.append(f"{where}: a {what} must be a uri or an object ({assertion})")
            continue
        kind = types(item)
        if not (kind & known or single(item.get("id"), is_uri)):
            out.append(f"{where}: {what} type {sorted(kind)} is none of the model's ({assertion})")
        yield item, kind


def _selector_violations(selector: Any, where: str, out: list[str]) -> None:
    """4.2-selectorValidIfPresent and the per-type assertions (4.2-*, 4.2.4, 4.2.7, 4.2.8, 4.3.3 refinedBy)."""
    for sel, kind in _described(selector, SELECTORS, "selector", "4.2-selectorValidIfPresent", where, out):
        if kind & {"FragmentSelector", "CssSelector", "XPathSelector"} and not single(sel.get("value"),
                                                                                      lambda v: isinstance(v, str)):
            out.append(f"{where}: {sorted(kind)} needs one 'value' (4.2-fragmentCssXPathSelectorValid)")
        if "TextQuoteSelector" in kind:
            if not isinstance(sel.get("exact"), str):
                out.append(f"{where}: TextQuoteSelector needs one 'exact' string (4.2.4-textQuoteSelectorValid)")
            for key in ("prefix", "suffix"):
                _if_present(sel, key, lambda v: isinstance(v, str),
                            f"{where}: TextQuoteSelector '{key}' must be a string (4.2.4)", out)
        if kind & {"TextPositionSelector", "DataPositionSelector"}:
            for key in ("start", "end"):
                v = sel.get(key)
                if not (isinstance(v, int) and not isinstance(v, bool) and v >= 0):
                    out.append(f"{where}: {sorted(kind)} needs '{key}', a non-negative integer "
                               "(4.2-TextDataPositionSelectorValid)")
        if "SvgSelector" in kind and not ("value" in sel or single(sel.get("id"), is_uri)):
            out.append(f"{where}: SvgSelector needs 'value' or 'id' (4.2.7-svgSelectorValid)")
        if "RangeSelector" in kind and not ("startSelector" in sel and "endSelector" in sel):
            out.append(f"{where}: RangeSelector needs startSelector and endSelector (4.2.8-rangeSelectorValid)")
        if "refinedBy" in sel:
            _refinement_violations(sel["refinedBy"], where, out)


def _state_violations(state: Any, where: str, out: list[str]) -> None:
    """4.3-stateValidIfPresent, 4.3.1-timeStateValid, 4.3.2-httpRequestStateValid, 4.3.3 refinedBy."""
    for st, kind in _described(state, STATES, "state", "4.3-stateValidIfPresent", where, out):
        if "TimeState" in kind:
            one = "sourceDate" in st
            pair = "sourceDateStart" in st and "sourceDateEnd" in st
            if one == pair:
                out.append(f"{where}: TimeState needs either sourceDate or both sourceDateStart and sourceDateEnd "
                           "(4.3.1-timeStateValid)")
            _if_present(st, "sourceDate", lambda v: one_or_more(v, is_date_time),
                        f"{where}: sourceDate must be date-time (4.3.1)", out)
            for key in ("sourceDateStart", "sourceDateEnd"):
                _if_present(st, key, is_date_time, f"{where}: {key} must be one date-time (4.3.1)", out)
            _if_present(st, "cached", is_uri, f"{where}: 'cached' must be a uri (4.3.1)", out)
        if "HttpRequestState" in kind and not isinstance(st.get("value"), str):
            out.append(f"{where}: HttpRequestState needs a 'value' (4.3.2-httpRequestStateValid)")
        if "refinedBy" in st:
            _refinement_violations(st["refinedBy"], where, out)


def _refinement_violations(refined: Any, where: str, out: list[str]) -> None:
    """4.3.3-refinedByValidated: a selector or a state may be refined by either."""
    for item in values(refined):
        check = _state_violations if types(item) & STATES else _selector_violations
        check(item, where + " refinedBy", out)


def _resource_violations(value: Any, role: str, where: str, out: list[str]) -> None:
    """What every body ("body") or target ("target") must be and must not have (3.2, 3.2.4, 3.2.7, 3.3.5, 4)."""
    for n, item in enumerate(values(value)):
        at = f"{where} {role} #{n + 1}"
        kinds = [is_uri(item), is_choice(item), is_specific(item), is_external(item)]
        if role == "target" and kinds.count(True) != 1:  # 3.2-targetObjectsRecognized: exactly one kind
            out.append(f"{at}: not a uri, External Web Resource, Choice/Set or Specific Resource "
                       "(3.2-targetObjectsRecognized)")
        if role == "body" and not (any(kinds) or is_textual(item)):
            out.append(f"{at}: not a uri, External Web Resource, Textual Body, Choice/Set or Specific Resource "
                       "(3.2-bodyObjectsRecognized)")
    for res in resources(value):
        if not isinstance(res, dict):
            continue
        at = f"{where} {role} {res.get('id') or res.get('source') or res.get('type')!r}"
        _lifecycle(res, at, out)
        if is_external(res) and "items" in res:
            out.append(f"{at}: an External Web Resource has no 'items' (3.2.7-{role}EWRNoItems)")
        if is_external(res) and "purpose" in res:
            out.append(f"{at}: an External Web Resource has no 'purpose' (3.3.5-{role}EWRNoPurpose)")
        if is_choice(res) and {"value", "source", "purpose"} & res.keys():
            out.append(f"{at}: a Choice or Set has no value, source or purpose (3.2.4, 4, 3.3.5 {role}ChoiceSet)")
        if is_textual(res) and {"items", "source"} & res.keys():
            out.append(f"{at}: an Embedded Textual Body has no items or source (3.2.7, 4 bodyEmbeddedTextual)")
        if "source" in res and {"items", "value"} & res.keys():
            out.append(f"{at}: a Specific Resource has no items or value (3.2.7, 4 {role}SpecificResource)")
        if role == "target" and is_textual(res) and "TextualBody" in types(res) and "id" not in res:
            out.append(f"{at}: a target is never an embedded TextualBody (3.2.4-targNoTypeTextualBody)")
        if "purpose" in res and not one_or_more(res["purpose"], lambda p: p in MOTIVATIONS):
            out.append(f"{at}: unknown purpose {res['purpose']!r} (3.3.5)")
        if "selector" in res:
            _selector_violations(res["selector"], at, out)
        if "state" in res:
            _state_violations(res["state"], at, out)


def annotation_violations(anno: Any, where: str = "annotation") -> list[str]:
    """annotations/annotationMusts.test, for one Annotation (with its @context)."""
    out: list[str] = []
    if not isinstance(anno, dict):
        return [f"{where}: not an object"]
    where = f"{where} {anno.get('id', '')}".strip()
    if not single(anno.get("@context"), lambda c: c == CONTEXT) and CONTEXT not in values(anno.get("@context")):
        out.append(f"{where}: @context must include {CONTEXT} (3.1-annotationContextValidated)")
    if not single(anno.get("id"), is_uri):
        out.append(f"{where}: needs one id that is a uri (3.1-annotationIdValidated)")
    if "Annotation" not in types(anno):
        out.append(f"{where}: type must include 'Annotation' (3.1-annotationTypeValidated)")
    if "target" not in anno:
        out.append(f"{where}: needs a target (3.1-targetKeyFound)")
    if "body" in anno and "bodyValue" in anno:
        out.append(f"{where}: has both body and bodyValue (3.2.5-notBodyBodyValue)")
    _if_present(anno, "bodyValue", lambda v: single(v, lambda s: isinstance(s, str)),
                f"{where}: bodyValue must be one string (3.2.5-bodyValueValidated)", out)
    _if_present(anno, "motivation", lambda v: one_or_more(v, lambda m: m in MOTIVATIONS),
                f"{where}: unknown motivation {anno.get('motivation')!r} (3.3.5)", out)
    _lifecycle(anno, where, out)
    for role in ("body", "target"):
        if role in anno:
            _resource_violations(anno[role], role, where, out)
    styled = any(isinstance(r, dict) and "styleClass" in r
                 for role in ("body", "target") for r in resources(anno.get(role, [])))
    if styled and "stylesheet" not in anno:
        out.append(f"{where}: styleClass without a stylesheet (4.4-styleClassValidIfPresent)")
    return out


def collection_violations(doc: Any) -> list[str]:
    """collections/collectionMusts.test and collections/pages/pageMusts.test (embedded first page),
    then annotationMusts.test for each item, with the collection's @context (which it inherits)."""
    out: list[str] = []
    if not isinstance(doc, dict):
        return ["the export is not a JSON object"]
    if CONTEXT not in values(doc.get("@context")):
        out.append(f"collection: @context must include {CONTEXT} (5.1-collectionContextValidated)")
    if not single(doc.get("id"), is_uri):
        out.append("collection: needs one id that is a uri (5.1-collectionIdValidated)")
    if "AnnotationCollection" not in types(doc):
        out.append("collection: type must include 'AnnotationCollection' (5.1-collectionTypeValidated)")
    _if_present(doc, "label", lambda v: one_or_more(v, lambda s: isinstance(s, str)),
                "collection: label must be text (5.1-collectionLabelValidated)", out)
    total = doc.get("total", 0)
    if not single(total, lambda t: isinstance(t, int) and not isinstance(t, bool) and t >= 0):
        out.append("collection: total must be a non-negative integer (5.1-collectionTotalValidated)")
    elif values(total)[0] > 0 and not single(doc.get("first"), lambda f: is_uri(f) or isinstance(f, dict)):
        out.append("collection: has annotations but no single 'first' page (5.1-collectionFirstValidated)")
    _if_present(doc, "last", lambda v: single(v, is_uri), "collection: last must be one uri (5.1-collectionLast)", out)
    _lifecycle(doc, "collection", out)
    page = doc.get("first")
    if not isinstance(page, dict):
        return out + ["collection: the first page is not embedded, so its items cannot be checked here"]
    if not single(page.get("id"), is_uri):
        out.append("page: needs one id that is a uri (5.2-pageIdValidated)")
    if "AnnotationPage" not in types(page):
        out.append("page: type must include 'AnnotationPage' (5.2-pageTypeValidated)")
    items = page.get("items")
    if not isinstance(items, list) or not all(is_uri(i) or "Annotation" in types(i) for i in items):
        out.append("page: items must be uris or Annotations (5.2-pageItemsValidated)")
        items = []
    _if_present(page, "startIndex", lambda v: single(v, lambda t: isinstance(t, int) and t >= 0),
                "page: startIndex must be a non-negative integer (5.2-pageStartIndexValidated)", out)
    for key in ("partOf", "next", "prev"):
        _if_present(page, key, lambda v: single(v, lambda p: is_uri(p) or single(p.get("id"), is_uri)),
                    f"page: '{key}' must be one uri (5.2-page{key[0].upper() + key[1:]}Validated)", out)
    _lifecycle(page, "page", out)
    for n, item in enumerate(items):
        if isinstance(item, dict):
            out += annotation_violations({"@context": doc.get("@context"), **item}, f"item #{n + 1}")
    return out
