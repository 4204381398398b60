"""The IPBES table readers skip and count a data row not in the table's shape instead of failing the load."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from liaison.engine.frameworks import ipbes

DATA = Path(__file__).resolve().parents[2] / "data"


def test_a_row_with_a_broken_id_or_text_is_skipped_and_counted(tmp_path):
    folder = tmp_path / ipbes.FOLDER
    shutil.copytree(DATA / ipbes.FOLDER, folder)
    for name, broken in (("meas_goals_gbf_cms.csv", {"id": "CMS_Gx_T1"}),
                         ("meas_goals_gbf_cites.csv", {"id": "CITES_G1_O9", "objective": "no number here"}),
                         ("meas_goals_gbf_ramsar.csv", {"id": "RAMSAR_S_G1_Tten"})):
        path = folder / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        rows.insert(1, {**rows[0], **broken})
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    clean = ipbes.ReadReport()
    expected = [ipbes.spms_read(data_dir=DATA, report=clean), ipbes.cites_read(data_dir=DATA, report=clean),
                ipbes.ramsar_read(data_dir=DATA, report=clean)]
    report = ipbes.ReadReport()
    got = [ipbes.spms_read(data_dir=tmp_path, report=report), ipbes.cites_read(data_dir=tmp_path, report=report),
           ipbes.ramsar_read(data_dir=tmp_path, report=report)]
    assert report.rows_skipped == clean.rows_skipped + 3
    for framework, reference in zip(got, expected, strict=True):
        assert [len(g.targets) for g in framework.goals] == [len(g.targets) for g in reference.goals]
