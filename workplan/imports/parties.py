"""Party names in work-plan cells: who a Responsible or Volunteers cell names.

``KNOWN_PARTIES`` are the names the seed (and WCO papers) use, with their kind and full
name; ``split_responsible`` reads an Annex I Responsible cell, ``split_volunteers`` an
Annex II Volunteers cell. Pure functions (no database); every import reader uses them.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

__all__ = ["KNOWN_PARTIES", "party_kind", "split_responsible", "split_volunteers"]

MEMBER, STAKEHOLDER, BODY = "member", "stakeholder", "body"  # = workplan.models.Party.Kind

# The parties we know by the short name the seed (and WCO papers) use: kind and full
# name. Kinds: a Member is a Customs administration or union (CBSA is Canada's Customs,
# EEC the Eurasian Economic Commission, a Customs union); a stakeholder is an
# organisation outside Customs; a body is a WCO body or a role within the group. A name
# not listed here is created by a file import (workplan.imports) as a party of kind
# "unconfirmed", listed in the preview for the Secretariat to confirm.
KNOWN_PARTIES: dict[str, tuple[str, str]] = {
    # Members
    "Australia": (MEMBER, ""),
    "Brazil": (MEMBER, ""),
    "Canada": (MEMBER, ""),
    "CBSA": (MEMBER, "Canada Border Services Agency"),
    "China": (MEMBER, ""),
    "EEC": (MEMBER, "Eurasian Economic Commission"),
    "EU": (MEMBER, "European Union"),
    "France": (MEMBER, ""),
    "India": (MEMBER, ""),
    "Japan": (MEMBER, ""),
    "Mexico": (MEMBER, ""),
    "Spain": (MEMBER, ""),
    "Sweden": (MEMBER, ""),
    "The Netherlands": (MEMBER, ""),
    "UK": (MEMBER, "United Kingdom"),
    "US": (MEMBER, "United States"),
    # stakeholders
    "Amazon": (STAKEHOLDER, ""),
    "FIATA": (STAKEHOLDER, "International Federation of Freight Forwarders Associations"),
    "GEA": (STAKEHOLDER, "Global Express Association"),
    "Google": (STAKEHOLDER, ""),
    "IATA": (STAKEHOLDER, "International Air Transport Association"),
    "ICC": (STAKEHOLDER, "International Chamber of Commerce"),
    "IFCBA": (STAKEHOLDER, "International Federation of Customs Brokers Associations"),
    "OECD": (STAKEHOLDER, "Organisation for Economic Co-operation and Development"),
    "UNECE": (STAKEHOLDER, "United Nations Economic Commission for Europe"),
    "UPS": (STAKEHOLDER, ""),
    "UPU": (STAKEHOLDER, "Universal Postal Union"),
    # bodies and roles
    "Co-Chairs": (BODY, "Co-Chairs of the Working Group"),
    "Co-Leads": (BODY, ""),
    "EC": (BODY, "Enforcement Committee"),
    "PTC": (BODY, "Permanent Technical Committee"),
    "Secretariat": (BODY, "WCO Secretariat"),
    "Sub-Group Co-Leads": (BODY, ""),
    "Sub-Group on Data Elements": (BODY, ""),
    "WGEC": (BODY, "Working Group on E-Commerce"),
}


def party_kind(name: str) -> str | None:
    """The kind ("member", "stakeholder", "body") of a known party name, else None."""
    known = _canonical(name, KNOWN_PARTIES)
    return KNOWN_PARTIES[known][0] if known else None


def _canonical(name: str, known) -> str | None:
    """The known spelling of ``name`` (case and inner spaces ignored), or None."""
    key = " ".join(name.split()).casefold()
    for candidate in known:
        if candidate.casefold() == key:
            return candidate
    return None


# "(interested) Members and (E-Commerce) stakeholders" is an open call to everyone, not
# a party (Annex I, topics 1 to 6): kept in the text, linked to no one.
_OPEN_CALL_RE = re.compile(
    r"\b(?:all\s+|other\s+)?(?:interested\s+)?Members\s+and\s+(?:interested\s+)?"
    r"(?:E-Commerce\s+)?stakeholders\b"
    r"|\b(?:all\s+|other\s+)?interested\s+(?:Members|stakeholders|parties|delegates)\b",
    re.IGNORECASE)
_AND_RE = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_EDGE_AND_RE = re.compile(r"^(?:and|&)(?:\s+|$)|(?:^|\s+)(?:and|&)$", re.IGNORECASE)
_PARENS_RE = re.compile(r"\(([^()]*)\)")


def _looks_like_name(text: str) -> bool:
    # Names in the seed start with a capital or digit; "face-to-face meeting" does not.
    return bool(text) and (text[0].isupper() or text[0].isdigit())


_PERSON_RE = re.compile(r"^([^()]+?)\s*\(([^()]+)\)$")


def _names(text: str, known) -> tuple[list[str], list[str]]:
    """Split a list such as "A, B and C; D" into names, keeping known names whole.

    Returns (names, pieces that do not look like a name). Known names are returned in
    their known spelling.
    """
    names, rest = [], []
    for chunk in re.split(r"[,;]", text):
        chunk = _EDGE_AND_RE.sub("", chunk.strip()).strip()
        if not chunk:
            continue
        person = _PERSON_RE.match(chunk)
        if person and _canonical(person[2], known):
            chunk = person[2]  # "Jane Doe (UPU)" in a volunteers list: the organisation
        parts = [p.strip() for p in _AND_RE.split(chunk) if p.strip()]
        i = 0
        while i < len(parts):
            # The longest run of parts that joined by "and" is a known name
            # ("Trinidad and Tobago"), else the part alone.
            for j in range(len(parts), i, -1):
                piece = _canonical(" and ".join(parts[i:j]), known)
                if piece:
                    break
            else:
                j, piece = i + 1, parts[i]
            (names if _looks_like_name(piece) else rest).append(piece)
            i = j
    return names, rest


def split_responsible(text: str, known=KNOWN_PARTIES) -> tuple[list[str], list[str]]:
    """The parties a Responsible cell (Annex I) names, in the order written.

    Returns (names, notes): ``notes`` are pieces outside parentheses not read as a
    party (kept in the text only; the import reports them as warnings). Rules, all from the seed:

    - items are separated by ",", ";" and "and"/"&" ("WGEC, PTC, EC, Secretariat";
      "Co-Chairs and Secretariat"); a known name containing "and" stays whole;
    - "(interested) Members and stakeholders" is an open call, not a party: dropped;
    - a parenthesis after a name lists who holds that role when its items look like
      names, and then both the role and they are linked ("Co-Leads (CBSA and IFCBA)" ->
      Co-Leads, CBSA, IFCBA); otherwise it is a note ("Sub-Group on Data Elements
      (face-to-face meeting)" -> Sub-Group on Data Elements).
    """
    names: list[str] = []
    notes: list[str] = []
    text = " ".join(text.split())
    text = _OPEN_CALL_RE.sub(",", text)
    pos = 0
    for m in _PARENS_RE.finditer(text):
        outer, _rest = _names(text[pos:m.start()], known)
        names += outer
        notes += _rest
        inner, inner_rest = _names(m[1], known)
        if inner and not inner_rest:
            # "Jane Doe (UPU)": a name the tracker does not know, followed by known
            # organisations, is a person of those organisations: the name stays in the
            # text, the organisations are linked. "Co-Leads (CBSA and IFCBA)": a known
            # role and its holders are all linked.
            if (outer and not _canonical(outer[-1], known) and text[pos:m.start()].rstrip().endswith(outer[-1])
                    and all(_canonical(n, known) for n in inner)):
                names.remove(outer[-1])
            names += inner
        # Otherwise the parenthesis describes ("face-to-face meeting"): text only, and
        # not worth a warning.
        pos = m.end()
    outer, _rest = _names(text[pos:], known)
    names += outer
    notes += _rest
    return list(dict.fromkeys(names)), notes


_COORDINATOR_RE = re.compile(r"^\s*co-?ordinators?\s*:\s*", re.IGNORECASE)
_VOLUNTEERS_RE = re.compile(r"(?:^|\s|[,;.])volunteers?\s*:\s*", re.IGNORECASE)


def _known_at(text: str, known) -> tuple[str, int] | None:
    """The longest known name at the start of ``text`` ending at a word boundary."""
    folded = text.casefold()
    for name in sorted(known, key=len, reverse=True):
        n = len(name)
        if folded.startswith(name.casefold()) and (n == len(text) or text[n] in " \t\n,;)"):
            return name, n
    return None


def split_volunteers(text: str, known=KNOWN_PARTIES) -> tuple[list[str], list[str]]:
    """Coordinators and volunteers named in an Annex II Volunteers cell, in order.

    ``text`` is the cell without its <p> tags ("Coordinator: US and EU India, GEA, ...").
    In the Word original a line break ended the coordinators; the seed's text lost it.
    So, in this order:

    1. no "Coordinator:" at the start: everyone named is a volunteer (after an optional
       "Volunteers:");
    2. an explicit end of the coordinators: a line break (``<br>``, ``</p><p>``) or
       "Volunteers:". Names before it are coordinators, names after it volunteers;
    3. otherwise the coordinators are "X" or "X and Y" where X and Y are each one known
       party name (the longest that fits), and the rest are volunteers. This reads all
       five rows of the seed ("China and Amazon GEA, Japan, ..." -> China, Amazon |
       GEA, Japan, ...; "EU Australia, IATA, ..." -> EU | Australia, IATA, ...);
    4. no known name after "Coordinator:" and no list (no "," or ";"): a lone
       coordinator, or two joined by "and", whom the tracker may not know yet.

    A person written with their organisation ("Jane Doe (UPU)") counts as the
    organisation. Volunteers are separated by "," or ";" (group 1 uses both) or "and". A name may be
    both coordinator and volunteer (Australia in group 4). Raises ValueError when rule
    3 cannot find a known name after "Coordinator:" and rule 4 does not apply.
    """
    m = _COORDINATOR_RE.match(text)
    if not m:
        rest = _VOLUNTEERS_RE.sub(" ", text, count=1) if _VOLUNTEERS_RE.match(text) else text
        return [], _names(rest, known)[0]
    rest = text[m.end():]
    vol = _VOLUNTEERS_RE.search(rest)
    if "\n" in rest or vol:
        if vol and ("\n" not in rest or vol.start() < rest.index("\n")):
            head, tail = rest[:vol.start()], rest[vol.end():]
        else:
            head, tail = rest.split("\n", 1)
            tail = _VOLUNTEERS_RE.sub(" ", tail, count=1) if _VOLUNTEERS_RE.match(tail) else tail
        return _names(head, known)[0], _names(tail, known)[0]

    coordinators = []
    first = _known_at(rest.lstrip(), known)
    if first is None and not re.search(r"[,;]", rest) and rest.strip():
        # "Coordinator: Jane Doe (UPU)" or "Coordinator: A and B" with no volunteers
        # listed: all of it names the coordinators, known to the tracker or not.
        return _names(rest, known)[0], []
    if first is None:
        raise ValueError(_(
            'cannot tell the coordinators from the volunteers in "%(text)s": start with '
            'known party names ("Coordinator: A and B"), or end the coordinators with a '
            'line break or "Volunteers:"') % {"text": text})
    rest = rest.lstrip()[first[1]:]
    coordinators.append(first[0])
    second_and = re.match(r"\s+(?:and|&)\s+", rest, re.IGNORECASE)
    if second_and and (second := _known_at(rest[second_and.end():], known)):
        coordinators.append(second[0])
        rest = rest[second_and.end() + second[1]:]
    return coordinators, _names(rest.lstrip(" ,;"), known)[0]
