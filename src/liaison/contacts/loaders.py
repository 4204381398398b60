"""Demo contacts (LIAISON_DEMO only): Kenya's focal points of its conventions, made up and marked as demo data.

Real focal-point lists are not bundled: staff import them from an InforMEA Contacts file. The people below do
not exist; their institutions are the kind that holds each role in Kenya, and every record is `is_demo`, shown
with a "demo" label on every page, in the API (`is_demo`) and in the InforMEA export (`isDemo`, `type`).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from liaison.catalogue.models import Country
from liaison.contacts.models import Contact, ContactRole
from liaison.contacts.services import contact_create
from liaison.core.actors import system_actor
from liaison.core.loading import LoadReport

# first name, last name, position, institution, e-mail, [(convention, role kind, label)]
DEMO_KENYA = [
    ("Achieng", "Demo-Odhiambo", "Director, Biodiversity", "Ministry of Environment (demo data)",
     "cbd-nfp.demo@example.org", [("CBD", ContactRole.NFP, "CBD Primary NFP")]),
    ("Baraka", "Demo-Mwangi", "Senior Research Scientist", "National Museums of Kenya (demo data)",
     "sbstta.demo@example.org", [("CBD", ContactRole.SCIENTIFIC, "SBSTTA NFP")]),
    ("Chebet", "Demo-Kiprop", "Deputy Director, Species", "Kenya Wildlife Service (demo data)",
     "cms-nfp.demo@example.org", [("CMS", ContactRole.NFP, "CMS National Focal Point")]),
    ("Daudi", "Demo-Kamau", "Ornithologist", "National Museums of Kenya (demo data)",
     "cms-scc.demo@example.org", [("CMS", ContactRole.SCIENTIFIC, "Scientific Councillor")]),
    ("Esther", "Demo-Wanjiku", "Head of Trade in Wildlife", "Kenya Wildlife Service (demo data)",
     "cites-ma.demo@example.org", [("CITES", ContactRole.CITES_MA, "CITES Management Authority")]),
    ("Faraji", "Demo-Otieno", "Principal Scientist", "Kenya Wildlife Service (demo data)",
     "cites-sa.demo@example.org", [("CITES", ContactRole.CITES_SA, "CITES Scientific Authority")]),
    ("Grace", "Demo-Njeri", "Wetlands Coordinator", "Kenya Wildlife Service (demo data)",
     "ramsar.demo@example.org", [("Ramsar", ContactRole.RAMSAR_AA, "Ramsar Administrative Authority")]),
    ("Hassan", "Demo-Ali", "Chief Executive Officer", "National Biosafety Authority (demo data)",
     "biosafety.demo@example.org", [("Cartagena", ContactRole.BIOSAFETY_NFP, "Cartagena Protocol Primary NFP"),
                                    ("Cartagena", ContactRole.BCH_NFP, "BCH NFP")]),
    ("Imani", "Demo-Chege", "Director, Genetic Resources", "Ministry of Environment (demo data)",
     "abs.demo@example.org", [("Nagoya", ContactRole.ABS_NFP, "Nagoya Protocol Primary NFP"),
                              ("Nagoya", ContactRole.ABS_CNA, "ABS Competent National Authority")]),
]


def demo_contacts_load(*, data_dir: Path, report: LoadReport) -> None:
    """Demo mode only: Kenya's made-up focal points of its conventions, marked as demo (idempotent)."""
    if not settings.DEMO_MODE:
        return
    kenya = Country.objects.filter(iso3="KEN").first()
    if kenya is None or Contact.objects.filter(country=kenya, is_demo=True).exists():
        report.count("demo contacts unchanged")
        return
    actor = system_actor("liaison load (demo)")
    for first, last, position, institution, email, roles in DEMO_KENYA:
        contact_create(user=actor, country=kenya, is_demo=True, data={
            "first_name": first, "last_name": last, "position": position, "institution": institution,
            "email": email, "phone": "+254 20 000 0000", "address": "Nairobi, Kenya (demo data)",
            "public_fields": ["position", "institution"], "primary": True,
            "roles": [{"convention": c, "kind": k, "label": label} for c, k, label in roles]})
        report.count("demo contacts")
