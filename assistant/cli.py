"""Command line: build the index, ask one question, answer a file of questions, look up targets, manage accounts."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from assistant.accounts import ROLES, read_accounts, remove_account, save_account
from assistant.config import Settings, prepare_environment
from assistant.documents.kinds import KINDS, set_kind
from assistant.errors import AssistantError
from assistant.monitoring.export import rows as progress_rows
from assistant.monitoring.export import to_csv as progress_csv
from assistant.monitoring.export import to_table
from assistant.results import result_record
from assistant.service import Assistant, Timed
from assistant.store.embeddings import make_embeddings
from assistant.store.library import add_files
from assistant.store.progress import Progress, Report
from assistant.targets.export import rows, to_csv
from assistant.targets.extract import Target
from assistant.understanding.conversation import Turn


def render_answer(timed: Timed) -> str:
    """The answer and its numbered sources as plain text."""
    lines = [f"(Hiểu câu hỏi là: {timed.question.text})"] if timed.question.focus else []
    return "\n".join([*lines, timed.answer.text, "", _sources(timed)])


def _sources(timed: Timed) -> str:
    title = "Đoạn tham khảo:" if timed.answer.refused else "Nguồn:"
    return "\n".join([title, *(f"[{c.number}] {c.label}" for c in timed.answer.citations)])


def _format_targets(found: list[Target], style: str) -> str:
    if style == "csv":
        return to_csv(found)
    if style == "json":
        return json.dumps([asdict(t) for t in found], ensure_ascii=False, indent=2) + "\n"
    if not found:
        return "Không tìm thấy chỉ tiêu nào khớp.\n"
    lines = []
    for row in rows(found):
        head = f"{row['number']} " if row["number"] else ""
        lines.append(f"{head}[{row['group']}] {row['indicator']}: {row['figure']}\n    {row['section']}")
    return "\n".join(lines) + f"\n({len(found)} chỉ tiêu)\n"


QUIT = ("", "thoát", "thoat", "exit", "quit")


def _chat(assistant: Assistant, stdin: TextIO, stdout: TextIO, document: str | None = None) -> int:
    print("Trợ lý Kế hoạch: hỏi về kế hoạch (câu hỏi tiếp theo được hiểu theo câu trước); "
          "dòng trống hoặc «thoát» để kết thúc.", file=stdout)
    history: list[Turn] = []
    while True:
        print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip().lower() in QUIT:
            return 0
        try:
            timed = _say(assistant.ask_stream(line, history, document), stdout)
        except AssistantError as error:
            print(f"Lỗi: {error}\n", file=stdout)
            continue
        history.append(timed.turn)


def _say(events: Iterator[Timed], stdout: TextIO) -> Timed:
    """Print an answer as it may be shown: the quoted answer at once, then a chat model's checked sentences."""
    quoted, written = False, ""
    for timed in events:
        answer = timed.answer
        if answer.via != "llm":  # the quoted answer: first, or in the end when the model's did not stand
            if not quoted:
                print(render_answer(timed) + "\n", file=stdout, flush=True)
                quoted = True
            elif answer.note:
                print(answer.text.rsplit("\n\n", 1)[-1] + "\n", file=stdout, flush=True)
            if timed.final:
                return timed
            print("Mô hình ngôn ngữ viết lại (chỉ những câu đã khớp nguồn):", file=stdout, flush=True)
            continue
        if answer.text.startswith(written) and len(answer.text) > len(written):
            print(answer.text[len(written):].strip(), file=stdout, flush=True)
            written = answer.text
        if timed.final:
            print("\n" + _sources(timed) + "\n", file=stdout, flush=True)
            return timed
    raise AssertionError("the answer ended without a final event")  # pragma: no cover


def _batch(assistant: Assistant, source: TextIO, out: TextIO, document: str | None = None) -> int:
    failures = 0
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question_id, question = item["id"], item["question"]
            earlier = item.get("history") or []
            if not isinstance(earlier, list) or not all(isinstance(q, str) for q in earlier):
                raise TypeError("history")
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            logging.error("dòng %d: cần JSON có «id» và «question» (và «history» nếu có: các câu hỏi trước); bỏ qua", number)
            failures += 1
            continue
        try:
            history = _converse(assistant, earlier, document)
            result = result_record(question_id, assistant.ask(question, history, document))
        except AssistantError as error:
            result = {"id": question_id, "answer": "", "refused": True, "error": str(error),
                      "citations": [], "contexts": [], "latency_ms": 0.0}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failures else 0


def _converse(assistant: Assistant, questions: list[str], document: str | None) -> list[Turn]:
    """The turns of a conversation that asked `questions` in order (one that cannot be asked is skipped)."""
    history: list[Turn] = []
    for question in questions:
        try:
            history.append(assistant.ask(question, history, document).turn)
        except AssistantError:
            continue
    return history


def _add(settings: Settings, files: Sequence[str], stdout: TextIO, kind: str | None = None) -> int:
    """Check every file, then copy them into the corpus and rebuild the index; one bad file and nothing is copied."""
    added = add_files(settings, [Path(name) for name in files], make_embeddings(settings.embeddings), _progress_bar())
    for document in added.documents if kind else ():
        set_kind(settings.corpus_dir, document.name, kind)
    print("\n".join(added.lines()), file=stdout)
    return 0


def _kind(settings: Settings, name: str, kind: str, stdout: TextIO) -> int:
    """`kind NAME KIND`: set a document's kind by hand («auto»: read it from its text again)."""
    if not (settings.corpus_dir / name).is_file():
        raise AssistantError(f"Không có tài liệu «{name}» trong kho «{settings.corpus_dir}».")
    set_kind(settings.corpus_dir, name, "" if kind == "auto" else kind)
    said = "tự nhận biết từ nội dung" if kind == "auto" else KINDS[kind]
    print(f"«{name}»: loại tài liệu là {said}.", file=stdout)
    return 0


def _progress(assistant: Assistant, args: argparse.Namespace, stdout: TextIO) -> int:
    """`progress`: each linked figure of the yearly reports beside the plan's target, as a table, JSON lines or CSV."""
    found = progress_rows(assistant.progress(), args.year, assistant.document(args.document))
    if args.format == "json":
        print("\n".join(json.dumps(r, ensure_ascii=False) for r in found), file=stdout)
    elif args.format == "csv":
        print(progress_csv(found), file=stdout, end="")
    else:
        print(to_table(found) or "Chưa có số liệu báo cáo nào được liên kết với chỉ tiêu của kế hoạch.", file=stdout)
    return 0 if found else 1


SHORTEST_PASSWORD = 8


def _user(settings: Settings, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """`user add|remove|list`: the web app's accounts in the users file, passwords never on the command line."""
    path = Path(args.file or settings.users_file)
    if not (args.file or settings.users_file):
        raise AssistantError("Chưa biết tệp tài khoản: đặt ASSISTANT_USERS_FILE (hoặc thêm --file ĐƯỜNG_DẪN).")
    if args.action == "list":
        for account in read_accounts(path).values():
            print(f"{account.name}\t{account.role}", file=stdout)
        return 0
    if args.action == "remove":
        removed = remove_account(path, args.name)
        print(f"Đã xóa tài khoản «{args.name}» khỏi «{path}»." if removed else f"«{path}» không có tài khoản «{args.name}».",
              file=stdout)
        return 0 if removed else 1
    password = _new_password(stdin)
    replaced = save_account(path, args.name, password, args.role)
    state = "Đã đặt lại" if replaced else "Đã thêm"
    print(f"{state} tài khoản «{args.name}» ({args.role}) trong «{path}». Khởi động lại ứng dụng web để áp dụng.", file=stdout)
    return 0


def _new_password(stdin: TextIO) -> str:
    """The new password: typed twice at a terminal (not shown), else the first line of standard input."""
    if stdin.isatty():
        password = getpass.getpass("Mật khẩu mới: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise AssistantError("Hai lần nhập mật khẩu không khớp; chưa thay đổi gì.")
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < SHORTEST_PASSWORD:
        raise AssistantError(f"Mật khẩu cần ít nhất {SHORTEST_PASSWORD} ký tự; chưa thay đổi gì.")
    return password


def _progress_bar() -> Report:
    """Progress on stderr: a wait for another writer always, a bar for long builds when stderr is a terminal."""
    terminal = sys.stderr.isatty()

    def show(progress: Progress) -> None:
        if progress.stage == "waiting":
            print(progress.line(), file=sys.stderr, flush=True)
        if not terminal:
            return
        done = progress.chunks / progress.chunks_total if progress.chunks_total else progress.documents / max(
            progress.documents_total, 1)
        bar = "#" * int(30 * done)
        print(f"\r[{bar:<30}] {progress.line()}", end="\n" if progress.stage == "done" else "", file=sys.stderr,
              flush=True)

    return show


def main(argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Run the command line; returns the exit code."""
    prepare_environment()
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Trợ lý Kế hoạch: hỏi đáp về kế hoạch KTXH.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("index", help="xây (hoặc kiểm tra) chỉ mục cho thư mục corpus/")
    ask = commands.add_parser("ask", help="hỏi một câu")
    ask.add_argument("question")
    batch = commands.add_parser("batch", help="đọc JSONL (id, question) từ stdin, ghi kết quả JSONL ra stdout")
    chat = commands.add_parser("chat", help="hỏi đáp nhiều lượt trong cửa sổ lệnh")
    targets = commands.add_parser("targets", help="tra cứu bảng chỉ tiêu của kế hoạch")
    for scoped in (ask, batch, chat, targets):
        scoped.add_argument("--document", help="chỉ tìm trong một tài liệu của kho (tên tệp, ví dụ ke-hoach.pdf)")
    targets.add_argument("query", nargs="?", default="", help="từ khóa, giá trị («96,01%») hoặc số chỉ tiêu («(15)»)")
    targets.add_argument("--group", help="nhóm: kinh tế, xã hội, môi trường hoặc tên nhiệm vụ")
    targets.add_argument("--year", help="năm hoặc giai đoạn, ví dụ 2030")
    targets.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add = commands.add_parser("add", help="kiểm tra rồi thêm tệp .txt/.pdf vào kho tài liệu và xây lại chỉ mục")
    add.add_argument("files", nargs="+", metavar="FILE", help="tệp .txt (UTF-8) hoặc .pdf có lớp chữ")
    add.add_argument("--kind", choices=tuple(KINDS), help="loại tài liệu (mặc định: nhận biết từ nội dung): "
                     + ", ".join(f"{k} = {v}" for k, v in KINDS.items()))
    kind = commands.add_parser("kind", help="đặt loại của một tài liệu trong kho (plan, report, other; «auto» để tự nhận biết)")
    kind.add_argument("name", help="tên tệp trong kho")
    kind.add_argument("kind", choices=(*KINDS, "auto"))
    progress = commands.add_parser("progress", help="theo dõi chỉ tiêu: số liệu các báo cáo năm bên cạnh mục tiêu kế hoạch")
    progress.add_argument("--format", choices=("table", "json", "csv"), default="table")
    progress.add_argument("--year", type=int, help="chỉ một năm, ví dụ 2026")
    progress.add_argument("--document", help="chỉ số liệu của một báo cáo (tên tệp)")
    user = commands.add_parser("user", help="tài khoản của ứng dụng web (tệp ASSISTANT_USERS_FILE)")
    actions = user.add_subparsers(dest="action", required=True)
    add_user = actions.add_parser("add", help="thêm hoặc đặt lại một tài khoản; mật khẩu hỏi ở cửa sổ lệnh "
                                              "(hoặc dòng đầu của stdin)")
    add_user.add_argument("name", help="tên đăng nhập (tối đa 64 ký tự)")
    add_user.add_argument("--role", choices=ROLES, default="reader",
                          help="reader: hỏi, đọc, xuất; editor: thêm cả tài liệu (mặc định reader)")
    remove_user = actions.add_parser("remove", help="xóa một tài khoản")
    remove_user.add_argument("name")
    list_users = actions.add_parser("list", help="liệt kê tài khoản và vai trò")
    for action in (add_user, remove_user, list_users):
        action.add_argument("--file", help="tệp tài khoản (mặc định: ASSISTANT_USERS_FILE)")
    args = parser.parse_args(argv)

    try:
        settings = Settings.from_env()
        logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
        if args.command == "add":
            return _add(settings, args.files, stdout, args.kind)
        if args.command == "kind":
            return _kind(settings, args.name, args.kind, stdout)
        if args.command == "user":
            return _user(settings, args, stdin, stdout)
        assistant = Assistant.from_settings(settings, report=_progress_bar())
        if args.command == "index":
            manifest = (assistant.index.path / "manifest.json").read_text(encoding="utf-8")
            print(f"Chỉ mục sẵn sàng: {assistant.index.path}\n{manifest}", file=stdout)
            return 0
        if args.command == "ask":
            print(render_answer(assistant.ask(args.question, document=args.document)), file=stdout)
            return 0
        if args.command == "targets":
            document = assistant.document(args.document)
            found = [m.target for m in assistant.targets.search(args.query, args.group, args.year, limit=1000, document=document)]
            print(_format_targets(found, args.format), file=stdout, end="")
            return 0 if found else 1
        if args.command == "progress":
            return _progress(assistant, args, stdout)
        if args.command == "chat":
            return _chat(assistant, stdin, stdout, args.document)
        return _batch(assistant, stdin, stdout, args.document)
    except AssistantError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
