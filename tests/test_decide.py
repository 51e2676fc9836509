"""The decide stage on its own (rules.md): owner and reason, misdirected and Mediator
flags against the register, statut, missing information, deadlines, review.

A small register written as the CRM exports it; findings and matches built by hand,
as the understand and match stages would hand them over.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.client_register_load import load_client_register
from pipeline.decide import Deciding, decide
from pipeline.record import Channel, Claimant, Findings, Item, Match, References, Source, Statut
from pipeline.settings_load import load_settings
from pipeline.text.model import EmailHeaders, Extracted

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Deciding:
    folder = tmp_path_factory.mktemp("registre")
    (folder / "clients.csv").write_text(
        "client_id;statut;civilite;nom;prenom;adresse;code_postal;ville;email;telephone;gestionnaire\n"
        "C1;client;Mme;Marchetti;Hélène;3 rue Carnot;84000;Avignon;;0639981234;tnguyen\n"
        "C2;prospect;M.;Roux;Paul;;;;;;kbenali\n", encoding="utf-8")
    (folder / "contrats.csv").write_text(
        "numero_contrat;client_id;assureur;produit;gestionnaire\n"
        "MRH-1;C1;AXA;MRH;sdubois\n"
        "AUTO-1;C1;MAAF;Auto;\n", encoding="utf-8")
    (folder / "sinistres.csv").write_text(
        "numero_sinistre;numero_contrat;client_id;assureur;gestionnaire\n"
        "S-1;MRH-1;C1;AXA;erousseau\n", encoding="utf-8")
    settings = load_settings(REPO / "config" / "cabinet.toml")
    return Deciding(settings, load_client_register(folder, settings))


CLAIMANT = Claimant(civilite="Mme", nom="Marchetti", prenom="Hélène", adresse="3 rue Carnot",
                    code_postal="84000", ville="Avignon", telephones=("+33639981234",))


def item(findings: Findings, match: Match | None = None) -> Item:
    source = Source("REC-2026-000001", "x.eml", "", "2026-05-04T09:00:00+02:00",
                    "2026-05-04T09:00:00+02:00", Channel.EMAIL, 1)
    return Item(source, findings=findings, match=match)


def complaint(**changes: object) -> Findings:
    base = Findings(is_complaint=True, evidence=("inadmissible",), claimant=CLAIMANT,
                    description="Indemnisation refusée.", category="sinistre et indemnisation",
                    references=References(contrats=("MRH-1",)), sent_on="2026-05-04",
                    complaint_score=0.95)
    return replace(base, **changes)  # type: ignore[arg-type]


def linked(**changes: object) -> Match:
    return replace(Match("C1", "contrat", 1.0, contract="MRH-1"), **changes)  # type: ignore[arg-type]


def test_owner_is_the_most_specific_gestionnaire_claim_then_contract_then_client(
        ctx: Deciding) -> None:
    by_claim = decide(item(complaint(), linked(claim="S-1")), ctx).decision
    by_contract = decide(item(complaint(), linked()), ctx).decision
    by_client = decide(item(complaint(), linked(contract="AUTO-1")), ctx).decision
    assert by_claim is not None and by_contract is not None and by_client is not None
    assert (by_claim.owner, by_claim.owner_reason) == ("erousseau", "gestionnaire du sinistre S-1")
    assert (by_contract.owner, by_contract.owner_reason) == ("sdubois", "gestionnaire du contrat MRH-1")
    assert (by_client.owner, by_client.owner_reason) == ("tnguyen", "gestionnaire du client C1")


def test_unlinked_complaint_goes_to_the_process_owner_with_its_reason(ctx: Deciding) -> None:
    d = decide(item(complaint(), Match(None, None, 0.0)), ctx).decision
    assert d is not None and d.owner == "mlefevre"
    assert d.owner_reason == "responsable des réclamations : réclamant non identifié dans le registre client"


def test_rules_md_deadline_example_and_statut_from_the_register(ctx: Deciding) -> None:
    d = decide(item(complaint(claimant=replace(CLAIMANT, statut=Statut.PROSPECT)), linked()),
               ctx).decision
    assert d is not None
    assert (d.sent_on, d.ack_due, d.answer_due) == ("2026-05-04", "2026-05-18", "2026-07-04")
    assert d.statut == Statut.CLIENT  # the register says client, whatever the letter says


def test_mediator_letter_goes_to_the_process_owner_with_deadlines(ctx: Deciding) -> None:
    d = decide(item(complaint(mediator=True, mediator_signals=("Monsieur le Médiateur",)),
                    linked()), ctx).decision
    assert d is not None and d.mediator and not d.misdirected
    assert d.owner == "mlefevre" and "Médiateur" in d.owner_reason
    assert d.ack_due == "2026-05-18"


def test_misdirected_goes_to_the_process_owner_and_names_where(ctx: Deciding) -> None:
    findings = complaint(misdirected=True, redirect_to="GMF", references=References(
        contrats=("HB-77",)))
    d = decide(item(findings, Match(None, None, 0.0, unknown_references=("HB-77",))), ctx).decision
    assert d is not None and d.misdirected and d.redirect_to == "GMF"
    assert d.owner_reason == "responsable des réclamations : hors périmètre, à réorienter vers GMF"
    assert d.missing_fields == ()  # the cabinet does not handle it: nothing to ask
    assert d.ack_due == "2026-05-18"  # the reply that redirects the claimant is owed too


def test_misdirected_signal_yields_to_a_contract_the_register_holds(ctx: Deciding) -> None:
    d = decide(item(complaint(misdirected=True, redirect_to="AXA France"), linked()), ctx).decision
    assert d is not None and not d.misdirected and d.redirect_to is None
    assert d.owner == "sdubois" and d.needs_review
    assert "le contrat figure au registre" in " ".join(d.review_reasons)


def test_misdirected_signal_yields_when_the_client_holds_that_insurers_contract(
        ctx: Deciding) -> None:
    """No number cited, but the linked client holds a MAAF contract placed by the cabinet:
    the letter is about it, not about a contract held elsewhere."""
    findings = complaint(misdirected=True, redirect_to="MAAF Assurances", references=References())
    d = decide(item(findings, Match("C1", "nom+code_postal", 0.95)), ctx).decision
    assert d is not None and not d.misdirected
    assert d.owner == "tnguyen"
    assert any("contrat MAAF Assurances placé par le cabinet" in r for r in d.review_reasons)


def test_misdirected_stays_when_the_letter_cites_a_contract_the_register_lacks(
        ctx: Deciding) -> None:
    findings = complaint(misdirected=True, redirect_to="MAAF Assurances",
                         references=References(contrats=("ZZ-999",)))
    match = Match("C1", "nom+code_postal", 0.95, unknown_references=("ZZ-999",))
    d = decide(item(findings, match), ctx).decision
    assert d is not None and d.misdirected and d.redirect_to == "MAAF Assurances"


def test_missing_information_is_filled_from_the_register_email_never_missing(
        ctx: Deciding) -> None:
    bare = Claimant(nom="Marchetti", prenom="Hélène")
    linked_one = decide(item(complaint(claimant=bare), linked()), ctx).decision
    unlinked = decide(item(complaint(claimant=bare, references=References()),
                           Match(None, None, 0.0)), ctx).decision
    assert linked_one is not None and unlinked is not None
    assert linked_one.missing_fields == ()  # address and phone from the register
    assert unlinked.missing_fields == ("statut", "adresse", "telephone", "reference")


def test_other_mail_has_no_deadlines_nor_missing_information(ctx: Deciding) -> None:
    d = decide(item(Findings(is_complaint=False, claimant=CLAIMANT, sent_on="2026-05-04"),
                    linked()), ctx).decision
    assert d is not None and d.ack_due is None and d.answer_due is None
    assert d.missing_fields == ()


def test_unsure_reading_and_ambiguous_match_go_to_review(ctx: Deciding) -> None:
    match = Match(None, None, 0.0, ambiguous=True, candidates=("C1", "C2"))
    d = decide(item(complaint(complaint_score=0.55), match), ctx).decision
    assert d is not None and d.needs_review
    reasons = " | ".join(d.review_reasons)
    assert "plusieurs clients possibles : C1, C2" in reasons
    assert "à confirmer" in reasons
    assert d.owner_reason.endswith("deux clients possibles dans le registre client")


def test_a_weak_name_match_goes_to_review_with_its_reason(ctx: Deciding) -> None:
    reason = ("nom proche d'un client, sans certitude — C2 : nom seul du client (Roux Paul), "
              "prénom « Pierre » pour « Paul » ; rattachement à confirmer")
    match = Match(None, None, 0.0, reason, weak_name=True, candidates=("C2",))
    d = decide(item(complaint(), match), ctx).decision
    assert d is not None and d.needs_review and reason in d.review_reasons
    assert d.owner == ctx.settings.process_owner.id
    assert d.owner_reason.endswith("client à confirmer (nom proche) dans le registre client")


def test_a_date_after_receipt_counts_from_receipt_and_is_reviewed(ctx: Deciding) -> None:
    d = decide(item(complaint(sent_on="2026-05-20"), linked()), ctx).decision
    assert d is not None and d.sent_on == "2026-05-04"  # the day of receipt
    assert (d.ack_due, d.answer_due) == ("2026-05-18", "2026-07-04")
    assert d.needs_review
    assert any("postérieure à sa réception" in r for r in d.review_reasons)


def test_a_date_many_months_before_receipt_counts_but_is_reviewed(ctx: Deciding) -> None:
    d = decide(item(complaint(sent_on="2025-09-01"), linked()), ctx).decision
    assert d is not None and d.sent_on == "2025-09-01" and d.answer_due == "2025-11-01"
    assert any("plus de six mois avant sa réception" in r for r in d.review_reasons)
    recent = decide(item(complaint(sent_on="2026-04-20"), linked()), ctx).decision
    assert recent is not None and not any("date" in r for r in recent.review_reasons)


def test_the_claimant_is_completed_from_the_linked_register_entry(ctx: Deciding) -> None:
    said = Claimant(nom="Marchetti", telephones=("+33611111111",))
    d = decide(item(complaint(claimant=said), linked()), ctx).decision
    assert d is not None and d.claimant is not None
    c = d.claimant
    assert (c.civilite, c.prenom, c.adresse, c.code_postal, c.ville) == (
        "Mme", "Hélène", "3 rue Carnot", "84000", "Avignon")
    assert c.telephones == ("+33611111111", "+33639981234")  # the item's, then the register's
    assert c.statut == Statut.CLIENT
    other_town = Claimant(nom="Marchetti", code_postal="13001", ville="Marseille")
    moved = decide(item(complaint(claimant=other_town), linked()), ctx).decision
    assert moved is not None and moved.claimant is not None
    assert (moved.claimant.adresse, moved.claimant.code_postal) == (None, "13001")
    unlinked = decide(item(complaint(claimant=said)), ctx).decision
    assert unlinked is not None and unlinked.claimant == said


def test_a_missing_claimant_sends_only_a_complaint_to_review(ctx: Deciding) -> None:
    """An advert or a request without a name needs no person; a complaint without one does."""
    advert = Findings(is_complaint=False, description="Offre de mobilier de jardin.",
                      complaint_score=0.95)
    d = decide(item(advert, Match(None, None, 0.0)), ctx).decision
    assert d is not None and not d.needs_review and d.review_reasons == ()
    nameless = decide(item(complaint(claimant=None), Match(None, None, 0.0)), ctx).decision
    assert nameless is not None and nameless.needs_review
    assert "réclamant non trouvé dans le courrier" in nameless.review_reasons
    to_mediator = decide(item(replace(advert, mediator=True)), ctx).decision
    assert to_mediator is not None
    assert "réclamant non trouvé dans le courrier" in to_mediator.review_reasons


def test_an_odd_sending_date_is_reviewed_only_where_deadlines_run(ctx: Deciding) -> None:
    request = Findings(is_complaint=False, claimant=CLAIMANT, sent_on="2025-09-01",
                       complaint_score=0.95)
    d = decide(item(request, linked()), ctx).decision
    assert d is not None and not d.needs_review and d.ack_due is None


def _emailed(dated: str) -> Item:
    """A complaint whose email Date: is `dated`, its file dropped on 4 May 2026."""
    plain = item(complaint(sent_on=None), linked())
    extracted = Extracted(pages=(), email=EmailHeaders(date=dated))
    return replace(plain, extracted=extracted)


def test_an_email_far_older_than_its_file_counts_from_its_date_and_is_reviewed(
        ctx: Deciding) -> None:
    d = decide(_emailed("2014-03-14T10:00:00+01:00"), ctx).decision
    assert d is not None and d.sent_on == "2014-03-14"  # workspace.md: received on its Date:
    assert ("courriel daté du 14/03/2014, déposé le 04/05/2026 : date de réception à vérifier "
            "(les délais en dépendent)") in d.review_reasons
    later = decide(_emailed("2026-05-09T10:00:00+02:00"), ctx).decision
    assert later is not None
    assert any("postérieur à son dépôt le 04/05/2026" in r for r in later.review_reasons)
    usual = decide(_emailed("2026-05-03T22:10:00+02:00"), ctx).decision
    assert usual is not None and not any("courriel daté" in r for r in usual.review_reasons)
