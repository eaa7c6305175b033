"""A document's kind and title, read from its opening or set by hand."""

import json

import pytest

from assistant.documents.kinds import KINDS_FILE, OTHER, PLAN, REPORT, read_kinds, recognise, set_kind
from assistant.errors import AssistantError

REPORT_OPENING = ("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU Số: 415/BC-UBND Lai Châu, ngày 5 tháng 12 năm 2026 BÁO CÁO "
                  "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026, phương hướng nhiệm vụ năm 2027")


def test_a_yearly_report_is_known_by_its_number_and_named_by_it_with_its_date_and_year():
    kind = recognise("bc.txt", REPORT_OPENING)
    assert (kind.kind, kind.title, kind.year) == (REPORT, "Báo cáo số 415/BC-UBND ngày 05/12/2026", 2026)
    assert kind.header == "Số: 415/BC-UBND Lai Châu, ngày 5 tháng 12 năm 2026"  # as written, for the citation


def test_a_report_without_a_number_is_known_by_its_title_and_named_by_its_file():
    kind = recognise("bao-cao.txt", "BÁO CÁO\nKết quả thực hiện kế hoạch năm 2027\nI. Kết quả")
    assert (kind.kind, kind.title, kind.year) == (REPORT, "Báo cáo «bao-cao.txt»", 2027)


def test_a_plan_and_a_text_whose_opening_says_nothing_are_plans():
    assert recognise("kh.txt", "Số: 12/KH-UBND ngày 1 tháng 3 năm 2026 KẾ HOẠCH phát triển").kind == PLAN
    assert recognise("kh.txt", "I. MỤC TIÊU TỔNG QUÁT VÀ CÁC CHỈ TIÊU CHỦ YẾU\n1. Mục tiêu tổng quát").kind == PLAN


def test_a_resolution_or_a_decision_is_another_kind_of_document():
    assert recognise("nq.txt", "HỘI ĐỒNG NHÂN DÂN TỈNH Số: 12/2027/NQ-HĐND NGHỊ QUYẾT về du lịch").kind == OTHER
    assert recognise("qd.txt", "QUYẾT ĐỊNH\nVề việc phê duyệt đề án").kind == OTHER


def test_a_kind_set_by_hand_wins_and_is_kept_beside_the_documents(tmp_path):
    set_kind(tmp_path, "ghi-chu.txt", REPORT)
    assert read_kinds(tmp_path) == {"ghi-chu.txt": REPORT}
    assert recognise("ghi-chu.txt", "Ghi chú họp", read_kinds(tmp_path).get("ghi-chu.txt")).by_hand
    set_kind(tmp_path, "ghi-chu.txt", "")  # back to reading it from the text
    assert read_kinds(tmp_path) == {}


def test_an_unknown_kind_or_a_broken_kinds_file_says_what_would_work(tmp_path):
    with pytest.raises(AssistantError, match="«bao cao».*plan.*report.*other"):
        set_kind(tmp_path, "a.txt", "bao cao")
    (tmp_path / KINDS_FILE).write_text("{không phải JSON", encoding="utf-8")
    with pytest.raises(AssistantError, match="Không đọc được"):
        read_kinds(tmp_path)
    (tmp_path / KINDS_FILE).write_text(json.dumps({"a.txt": "report", "b.txt": "lạ"}), encoding="utf-8")
    assert read_kinds(tmp_path) == {"a.txt": "report"}


def test_the_cli_sets_a_document_s_kind_by_hand_and_names_a_missing_one(tmp_path):
    from assistant.config import Settings
    from tests.helpers import run_cli

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "ghi-chu.txt").write_text("Ghi chú họp giao ban.", encoding="utf-8")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    done = run_cli(settings, "kind", "ghi-chu.txt", "report")
    assert (done.returncode, done.stdout) == (0, "«ghi-chu.txt»: loại tài liệu là báo cáo năm.\n")
    assert read_kinds(tmp_path / "corpus") == {"ghi-chu.txt": REPORT}
    missing = run_cli(settings, "kind", "khong-co.txt", "plan")
    assert missing.returncode == 2 and "Không có tài liệu «khong-co.txt»" in missing.stderr


def test_a_document_of_another_kind_is_named_by_its_title_word():
    assert recognise("nq.pdf", "NGHỊ QUYẾT VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026").title == "Nghị quyết «nq.pdf»"
