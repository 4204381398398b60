"""Every convention's parties from manyenviron (HUGGO_MEM, ECOLEX_MEM for Cartagena), then IEADB; never borrowed."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from liaison.catalogue.loaders import memberships_load
from liaison.catalogue.memberships import FOLDER, IEADB_FILE, memberships_read
from liaison.catalogue.models import Convention, Country, Membership, UnmappedCountryName
from liaison.catalogue.selectors import party_memberships
from liaison.core.loading import LoadReport

pytestmark = pytest.mark.django_db


def parties_of(client, acronym: str) -> dict[str, dict]:
    items = client.get(f"/api/conventions/{acronym}/parties?limit=500").json()["items"]
    return {p["iso3"]: p for p in items}


def count_of(client, acronym: str) -> int:
    return next(c for c in client.get("/api/conventions").json()["items"] if c["acronym"] == acronym)["parties_count"]


def test_cartagena_and_nagoya_have_their_own_parties_kenya_among_them(client):
    cartagena, nagoya = parties_of(client, "Cartagena"), parties_of(client, "Nagoya")
    # ECOLEX: 171 ratifications, the EU (EUE) skipped; HUGGO: 107 ratifications, the EU skipped
    assert count_of(client, "Cartagena") == 170 and count_of(client, "Nagoya") == 106
    assert cartagena["KEN"]["ratification"] == "2002-01-24" and cartagena["KEN"]["entry_into_force"] == "2003-09-11"
    assert nagoya["KEN"]["ratification"] == "2013-08-12" and nagoya["KEN"]["entry_into_force"] == "2014-10-12"
    # not the parent's list: the CBD has more parties than either protocol
    assert count_of(client, "CBD") == 195
    assert Membership.objects.filter(convention__acronym="Nagoya", country__iso3="KEN").get().source == (
        "manyenviron HUGGO_MEM")
    assert Membership.objects.filter(convention__acronym="Cartagena").first().source == "manyenviron ECOLEX_MEM"


def test_a_withdrawn_state_is_not_a_party():
    # HUGGO icrw_iwc: Canada left the ICRW on 1982-06-30, Japan on 2019-06-30 (IEADB still lists both)
    icrw = Membership.objects.filter(convention__acronym="ICRW")
    assert icrw.filter(country__iso3="ISL").exists()
    assert not icrw.filter(country__iso3__in=["CAN", "JPN"]).exists()


def test_the_9999_placeholder_is_never_stored_as_a_date():
    far = dt.date(2100, 12, 31)
    for column in ("signature", "ratification", "entry_into_force"):
        assert not Membership.objects.filter(**{f"{column}__gt": far}).exists()
    # AEWA GRC: StateRatification and StateForce are both 9999-12-31, so Greece only signed
    greece = Membership.objects.get(convention__acronym="AEWA", country__iso3="GRC")
    assert greece.signature == dt.date(1998, 5, 14)
    assert greece.ratification is None and greece.entry_into_force is None and not greece.is_party
    # Ramsar: every StateEnd is 9999-12-31, which must not read as a withdrawal
    assert Membership.objects.filter(convention__acronym="Ramsar", country__iso3="KEN").exists()


def test_a_duplicated_state_appears_once_by_the_documented_rule():
    # AEWA ZAF has two rows: force 2002-04-01 with ratification 1999-10-29, and force 2000-01-01 with a 9999
    # ratification; the earliest real entry into force wins
    rows = Membership.objects.filter(convention__acronym="AEWA", country__iso3="ZAF")
    assert rows.count() == 1
    assert rows.get().entry_into_force == dt.date(2000, 1, 1) and rows.get().ratification is None
    assert Membership.objects.filter(convention__acronym="CMS", country__iso3="NZL").get().entry_into_force == (
        dt.date(2000, 10, 1))


def test_former_states_and_the_eu_are_skipped_and_kept_aside():
    assert UnmappedCountryName.objects.filter(name="YUG", convention__acronym="Ramsar").exists()
    assert UnmappedCountryName.objects.filter(name="CSK", convention__acronym="CITES").exists()
    assert UnmappedCountryName.objects.filter(name="EUE", convention__acronym="Nagoya").exists()
    assert not Country.objects.filter(iso2="EU").exists()  # if Liaison had the EU, EUE/EUU would map to it


def test_a_convention_without_data_has_no_parties_and_borrows_none(client):
    assert count_of(client, "Bern") == 0 and count_of(client, "IPPC") == 0 and count_of(client, "IPBES") == 0
    assert count_of(client, "UNCCD") == 195  # manyenviron lacks it: the IEADB file still gives it
    assert Membership.objects.filter(convention__acronym="UNCCD").first().source == "IEADB"


def test_about_the_data_shows_each_conventions_source_and_conflicts(client):
    body = client.get("/about/data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="party-sources-table"' in body and f"data/{FOLDER}/" in body
    bern = body.split('id="ps-Bern"')[1].split("</tr>")[0]
    assert "no party data on hand" in bern and "<td>0</td>" in bern
    nagoya = body.split('id="ps-Nagoya"')[1].split("</tr>")[0]
    assert "<td>106</td>" in nagoya and "manyenviron HUGGO_MEM" in nagoya and "about 2020-2023" in nagoya
    assert "party status differs in ECOLEX_MEM: 48" in nagoya and "codes skipped: 1 (EUE)" in nagoya
    aewa = body.split('id="ps-AEWA"')[1].split("</tr>")[0]
    assert "duplicates resolved: 17" in aewa and "placeholder dates: 53" in aewa
    assert "manyenviron ECOLEX_MEM" in body.split('id="ps-Cartagena"')[1].split("</tr>")[0]
    assert "IEADB" in body.split('id="ps-UNCCD"')[1].split("</tr>")[0]


def data_subset(tmp_path: Path) -> Path:
    """Copy the files the membership loader reads."""
    root = tmp_path / "data"
    for relative in (FOLDER, "parties_ieadb", "catalogue", "ecolex_iucn"):
        shutil.copytree(settings.DATA_DIR / relative, root / relative,
                        ignore=shutil.ignore_patterns("*.xlsx", "*.md", "treaties_*"))
    return root


def test_a_bad_date_text_skips_its_row_and_is_counted_not_raised(tmp_path):
    root = data_subset(tmp_path)
    path = root / FOLDER / "huggo_mem" / "nagoya_protocol.csv"
    text = path.read_text(encoding="utf-8")
    kenya = next(line for line in text.splitlines() if ",KEN," in line)
    path.write_text(text.replace(kenya, kenya.replace("2013-08-12", "2013-08-XX")), encoding="utf-8")
    report = LoadReport()
    memberships_load(data_dir=root, report=report)
    assert not Membership.objects.filter(convention__acronym="Nagoya", country__iso3="KEN").exists()
    assert party_memberships().filter(convention__acronym="Nagoya").count() == 105
    assert any("nagoya_protocol.csv" in w and "'2013-08-XX' is not a date" in w for w in report.warnings)
    ids = dict(Convention.objects.values_list("acronym", "ieadb_id"))
    found = memberships_read(data_dir=root, ieadb_ids=ids, iso3s={"KEN", "ALB"})["Nagoya"]
    assert found.used.bad_dates == 1 and len(found.used.bad_rows) == 1 and "KEN" not in found.used.states


def test_a_later_load_drops_what_the_source_no_longer_gives(tmp_path):
    root = data_subset(tmp_path)
    path = root / FOLDER / "ecolex_mem" / "cartagena_protocol.csv"
    path.write_text("\n".join(ln for ln in path.read_text(encoding="utf-8").splitlines() if ",KEN," not in ln) + "\n",
                    encoding="utf-8")
    memberships_load(data_dir=root, report=LoadReport())
    assert not Membership.objects.filter(convention__acronym="Cartagena", country__iso3="KEN").exists()
    assert Membership.objects.filter(convention__acronym="Cartagena").count() == 169 + 8  # parties + signatories
    assert (root / IEADB_FILE).exists()


def test_the_protocol_dashboard_shows_its_own_parties(client):
    dashboard = client.get("/reporting/dashboard/nagoya-interim/").content.decode()
    assert "parties to CBD are shown" not in dashboard and 'id="c-KEN"' in dashboard
    assert 'id="c-CAN"' not in dashboard  # a party to the CBD, not to the Nagoya Protocol
