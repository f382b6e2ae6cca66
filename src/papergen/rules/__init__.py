"""Content rules of `papergen check`: small functions over a whole loaded meeting.

Owns the list of rules (data, not a registry framework) and running them.
Each rule takes a Meeting view and yields Diagnostics located in the sources;
structural problems found while reading (schema, missing files) are
papergen.model.load's. Suppression and accepted exceptions are papergen.diagnostics.accept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from papergen.diagnostics import Diagnostic
from papergen.rules import (
    accessibility,
    consistency,
    dates,
    figures,
    personal,
    placeholders,
    protokoll,
    remissvar,
    staende,
    structure,
    text,
)
from papergen.rules.base import Meeting

Rule = Callable[[Meeting], Iterable[Diagnostic]]

RULES: tuple[Rule, ...] = (
    figures.budget_rows,
    figures.budget_columns,
    figures.budget_balance,
    figures.share_and_cap,
    figures.percent_in_text,
    figures.frame_sum,
    figures.spreadsheet_errors,
    figures.decision_figures,
    dates.pm_reference_date,
    dates.incomplete_dates,
    dates.period_and_budget_years,
    dates.start_before_decision,
    dates.justering_deadline,
    dates.decided_before_meeting,
    consistency.organ_name,
    consistency.agenda_vs_pm,
    consistency.signatory_title,
    consistency.attachment_titles,
    consistency.attachment_own_titles,
    consistency.body_name_in_text,
    staende.standing_forslag,
    structure.lead_in,
    structure.pm_header,
    structure.pm_header_date,
    structure.underlag_heading,
    structure.pm_beslutsunderlag,
    structure.att_sats_endings,
    structure.numbered_series,
    structure.empty_sections,
    structure.funding_groups,
    structure.required_pm_sections,
    remissvar.yttrande_fields,
    remissvar.adopted_in_time,
    text.spelling,
    text.replacement_characters,
    text.email_addresses,
    personal.personal_data,
    personal.health_near_name,
    accessibility.link_texts,
    protokoll.missing_paragraf,
    protokoll.propositionsordning,
    protokoll.omrostning_roster,
    protokoll.beslutfor,
    protokoll.serving_seats,
    protokoll.justerare,
    protokoll.justering_inom_14_dagar,
    protokoll.anslag,
    protokoll.omedelbar_justering,
    protokoll.reservationer,
    protokoll.jav,
    protokoll.beslut_och_utfall,
    protokoll.aterremiss_motivering,
    protokoll.yrkande_av_tjanstgorande,
    protokoll.paragrafnummer,
    placeholders.placeholders,
)


def run_rules(meeting: Meeting) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule in RULES:
        found.extend(rule(meeting))
    return found
