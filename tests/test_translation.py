"""One way to translate (README, "How text is translated").

Outside ``workstation/ui`` every user-visible message is a ``domain.messages.Text(zh, en)``
(or a ``UserError(zh, en)``, which wraps one); widgets translate with Qt's ``tr()`` from
English source strings, the Chinese living in ``resources/i18n/<feature>_zh_CN.ts``.
These tests walk the code and fail on a string that bypasses both.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workstation"

# Ideographs, CJK punctuation (、。“”…) and full-width forms (，：（）).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CJK_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Chinese that is data, not a message: (module, module-level name or top-level function) -> why.
ALLOWED_DATA: dict[tuple[str, str], str] = {
    ("services/applications.py", "HEADERS"): "a header the application import recognises in the users' files",
    ("services/applications.py", "WHAT"): "data carrying both languages (zh, en)",
    ("services/experts.py", "HEADERS"): "a header the expert-pool import recognises in the users' files",
    ("domain/review/settlement.py", "_METHOD_WORDS"): "recognises input (values, separators, patterns); never shown",
    ("domain/review/policy.py", "REASON_ALIASES"): "recognises input: another spelling hospitals write; never shown",
    ("store/migrations.py", "migrate"): "SchemaError(zh, en): a step imports no live code; store.db makes it a Text",
    ("store/migrations.py", "_check_convertible"): "SchemaError(zh, en), as above",
    ("store/migrations.py", "schema_differences"): "(zh, en) lines of SchemaError, as above",
    ("domain/fields.py", "CASE_FIELDS"): "a header the importer recognises in the users' files",
    ("domain/fields.py", "FEE_CATEGORIES"): "a header the importer recognises in the users' files",
    ("domain/fields.py", "DISCHARGE_MODES"): "code table: the 离院方式 names the importer recognises",
    ("domain/fields.py", "_normalise_header"): "recognises input (values, separators, patterns); never shown",
    ("domain/flags.py", "FLAGS"): "data carrying both languages (zh, en)",
    ("engine/audit_flags.py", "_SEPARATORS"): "recognises input (values, separators, patterns); never shown",
    ("services/queue/detail.py", "_CODE_SPLIT"): "recognises input (values, separators, patterns); never shown",
    ("engine/export.py", "EXPORT_COLUMNS"): "the export file's format: Chinese headers, whatever the language",
    ("engine/export.py", "_write_xlsx"): "the export file's sheet name, part of its format",
    ("engine/ruleset.py", "UNNAMED_SUFFIX"): "stored in a rules name; a name must not change with the language",
    ("importer/sources.py", "unique_headers"): "the name of a blank column is stored with the batch",
    ("importer/values.py", "_SEX"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_LEVEL_WORDS"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_FLAG"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_level"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_FAST_MONEY"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_SIGNS"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_CURRENCY"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_LIST_CHANGES"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "clean_code_list"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_GROUPED_MONEY"): "recognises input (values, separators, patterns); never shown",
    ("importer/values.py", "_SEPARATORS"): "recognises input (values, separators, patterns); never shown",
    ("domain/money.py", "_FULL_WIDTH"): "recognises input (values, separators, patterns); never shown",
    ("domain/money.py", "parse_yuan_to_fen"): "recognises input (values, separators, patterns); never shown",
    ("reference/bundled.py", "DEFAULT_GROUPS_LABEL"): "a version label stored in the database",
    ("reference/bundled.py", "DEFAULT_HEADERS"): "builds the bundled group table file (data)",
    ("reference/bundled.py", "SOURCE_BEIJING"): "builds the bundled group table file (data)",
    ("reference/bundled.py", "SOURCE_NONE"): "builds the bundled group table file (data)",
    ("reference/bundled.py", "_comparable_name"): "recognises input (values, separators, patterns); never shown",
    ("reference/bundled.py", "build_default_rows"): "builds the bundled group table file (data)",
    ("reference/group_columns.py", "GROUP_HEADERS"): "a header the importer recognises in the users' files",
    ("reference/group_columns.py", "SCORE_HEADERS"): "a header the importer recognises in the users' files",
    ("reference/group_columns.py", "COST_WORDS"): "a header the importer recognises in the users' files",
    ("reference/group_columns.py", "ATTRIBUTE_HEADERS"): "a header the importer recognises in the users' files",
    ("reference/group_columns.py", "KIND_HEADERS"): "a header the importer recognises in the users' files",
    ("reference/group_columns.py", "LEVEL_WORDS"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_columns.py", "INSURANCE_WORDS"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_columns.py", "_NEUTRAL"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_columns.py", "_words"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_columns.py", "plan_columns"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_rows.py", "_FALSE"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_rows.py", "UNGROUPED_NAME"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_rows.py", "parse_number"): "recognises input (values, separators, patterns); never shown",
    ("reference/group_rows.py", "_attributes"): "recognises input (values, separators, patterns); never shown",
    ("engine/benchmarks.py", "insurance_kind"): "recognises input (values, separators, patterns); never shown",
    ("services/reference_export.py", "LEVEL_NAMES"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "INSURANCE_NAMES"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "BASE"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "_standard_header"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "_coefficient_header"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "_kinds"): "the group export's format: Chinese headers and values the loader reads back",
    ("services/reference_export.py", "_row"): "the group export's format: Chinese headers and values the loader reads back",
    ("reference/hospitals.py", "HOSPITAL_HEADERS"): "a header the importer recognises in the users' files",
    ("reference/hospitals.py", "_LEVELS"): "recognises input (values, separators, patterns); never shown",
    ("reference/tabular.py", "normalise_header"): "recognises input (values, separators, patterns); never shown",
    ("reference/tabular.py", "_table"): "the name of a blank column (data)",
    ("demo/bootstrap.py", "DEMO_GROUPS_LABEL"): "a version label stored in the database",
    ("demo/catalog.py", "DEPARTMENTS"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/catalog.py", "HOSPITALS"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/catalog.py", "LEVEL_TEXT"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/catalog.py", "demo_groups"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/catalog.py", "mdc_codes"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/people.py", "SURNAMES"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/people.py", "GIVEN"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/people.py", "fake_names"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/rows.py", "chunk_columns"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/rows.py", "_BAD_DATES"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/rows.py", "_BAD_AMOUNTS"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("demo/review_texts.py", "USERS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "EXPERTS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "DOCUMENTS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "statement"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "STATEMENTS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "RETURN_MISSING"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "RESUBMIT_SUPPLIED"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "REFUSE_REASON"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "QUOTA_OVERRIDE"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "VOTE_COMMENTS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "CONFLICT_NOTE"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "PROPOSAL_TEXTS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "COUNTER_TEXT"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "AGREE_TEXT"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "DECISION_REASONS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "AMEND_REASON"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "APPEAL_GROUNDS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "APPLICATION_HEADERS"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "METHOD_BY_ITEM"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "INELIGIBLE_REASON"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/review_texts.py", "UNREADABLE_AMOUNT"): "demo data: the users, experts and words of the pre-filled review workflow",
    ("demo/writer.py", "HOSPITAL_HEADERS"): "demo data: fictional Chinese names, codes and bad cells, written into demo files",
    ("services/report_settings.py", "DEFAULT_NUMBER_FORMAT"): "a notice's number format (机关代字〔年〕序号): an "
    "official document's reference, in the region's own words",
    ("services/report_settings.py", "format_number"): "the number format's placeholders ({区划简称}, {年}, {序号})",
    ("services/report_settings.py", "set_report_settings"): "the number format's placeholder {序号}, named in a check",
    ("reports/period.py", "short_name"): "recognises a hospital name's city prefix (市, 县, 区); never shown alone",
    ("reports/styles.py", "_NOT_AT_LINE_START"): "punctuation a Chinese line must not start with; never shown",
    ("services/quarantine.py", "FIXED_HEADERS"): "the quarantine export's headers, in both languages by design",
    ("ui/queue/page.py", "_COLUMN_SAMPLES"): "samples that size columns; never shown",
    ("demo/panel_session.py", "add_planned_session"): "demo data: a session's title and place as a bureau writes them",
    ("services/panel/blinded.py", "_TITLE"): "recognises input (doctors' titles, to mask the name after one); never shown",
    ("services/opinions.py", "HEADERS"): "a header the opinion import recognises in the hospitals' files",
    ("services/opinions.py", "_TOPIC_WORDS"): "recognises input (values, separators, patterns); never shown",
    ("services/opinions.py", "_links"): "recognises input (values, separators, patterns); never shown",
    ("services/weight_adoption.py", "_adopt"): "a version label stored in the database",
}
# Single literals allowed anywhere in a module: (module, literal) -> why.
ALLOWED_LITERALS: dict[tuple[str, str], str] = {
    ("ui/main_window.py", "中文"): "each language is named in itself, untranslated",
    ("ui/main_window.py", "English"): "each language is named in itself, untranslated",
}

# Calls whose string arguments are messages in both languages.
MESSAGE_CALLS = {"Text", "UserError"}
# Calls whose string arguments recognise input and are never shown: regular expressions.
PATTERN_MODULES = {"re"}

# Widget calls that show their string argument; a literal there must come through tr().
WIDGET_SETTERS = {"setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "addAction",
                  "setHeaderData", "setStatusTip", "setWhatsThis", "setTitle", "setLabelText",
                  "addTab", "insertTab", "setTabText", "showMessage", "addItem", "setHorizontalHeaderLabels",
                  "setSpecialValueText", "setSuffix", "setPrefix", "addMenu", "setInformativeText"}
WIDGET_CLASSES = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction",
                  "QToolButton", "QMessageBox"}
TRANSLATE_CALLS = {"tr", "translate"}


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py"))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _english_twin(param: str) -> str | None:
    """``zh`` -> ``en``, ``what_zh`` -> ``what_en``, ``zh_hint`` -> ``en_hint``; else None."""
    words = param.split("_")
    return "_".join("en" if w == "zh" else w for w in words) if "zh" in words else None


def _message_calls(trees: dict[Path, ast.Module]) -> set[str]:
    """Text, UserError and the message helpers: any function or class taking ``zh`` and ``en``
    (or ``what_zh`` and ``what_en``, e.g. ``importer.sources.refuse(path, zh, en)``), and the
    subclasses of those classes."""
    names = set(MESSAGE_CALLS)
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                for fn in [node] if isinstance(node, ast.FunctionDef) else [
                        s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"]:
                    params = {a.arg for a in [*fn.args.args, *fn.args.kwonlyargs]}
                    if any(_english_twin(p) in params for p in params):
                        names.add(node.name)
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (isinstance(node, ast.ClassDef) and node.name not in names
                        and any(_name(b) in names for b in node.bases)):
                    names.add(node.name)
                    changed = True
    return names


def _top_level_name(stmt: ast.stmt) -> str:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return stmt.name
    if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id
    return ""


def _parse_all() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in _sources()}


def _bypassing(trees: dict[Path, ast.Module], allowed: dict[tuple[str, str], str]) -> list[str]:
    """Every string literal holding Chinese outside a message, a pattern or allowed data."""
    message_calls = _message_calls(trees)
    offenders = []

    def visit(node: ast.AST, module: str, top: str, exempt: bool, in_ui: bool, in_tr: bool) -> None:
        if isinstance(node, ast.Call):
            name = _name(node.func)
            is_pattern = (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                          and node.func.value.id in PATTERN_MODULES)
            visit(node.func, module, top, exempt, in_ui, in_tr)
            for child in [*node.args, *(k.value for k in node.keywords)]:
                visit(child, module, top, exempt or name in message_calls or is_pattern, in_ui,
                      in_tr or name in TRANSLATE_CALLS)
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value):
            # In ui even tr() must not hold Chinese: its source strings are English.
            if (module, node.value) in ALLOWED_LITERALS:
                return
            if in_tr or not exempt:
                offenders.append(f"{module}:{node.lineno} ({top or 'module'}): {node.value[:60]!r}")
            return
        for child in ast.iter_child_nodes(node):
            visit(child, module, top, exempt, in_ui, in_tr)

    for path, tree in trees.items():
        module = str(path.relative_to(ROOT))
        in_ui = module.startswith("ui/")
        for stmt in tree.body:
            top = _top_level_name(stmt)
            if (module, top) in allowed:
                continue
            for node in ast.walk(stmt):  # docstrings are documentation, not messages
                body = getattr(node, "body", None)
                if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                        and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
                    body[0].value.value = ""
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                continue
            visit(stmt, module, top, False, in_ui, False)
    return offenders


def _untranslated_widget_literals(trees: dict[Path, ast.Module]) -> list[str]:
    """In ui: a literal with letters handed straight to a widget instead of through tr()."""
    offenders = []
    for path, tree in trees.items():
        module = str(path.relative_to(ROOT))
        if not module.startswith("ui/"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            shown = _name(func) in WIDGET_SETTERS or _name(func) in WIDGET_CLASSES or (
                isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "QMessageBox")
            if not shown:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                texts = []
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    texts = [arg.value]
                elif isinstance(arg, ast.JoinedStr):
                    texts = [v.value for v in arg.values if isinstance(v, ast.Constant)]
                texts = [re.sub(r"<[^>]*>", "", t) for t in texts if (module, t) not in ALLOWED_LITERALS]
                if any(re.search(r"[A-Za-z]", t) or CJK_IDEOGRAPH.search(t) for t in texts):
                    offenders.append(f"{module}:{node.lineno}: {_name(func)}({texts[0][:50]!r})")
    return offenders


def test_no_user_visible_chinese_bypasses_text_or_tr():
    assert _bypassing(_parse_all(), ALLOWED_DATA) == []


def test_no_widget_shows_an_untranslated_literal():
    assert _untranslated_widget_literals(_parse_all()) == []


def test_every_allowed_data_name_exists():
    """A stale allowance would hide nothing today but anything tomorrow."""
    trees = _parse_all()
    names = {(str(p.relative_to(ROOT)), _top_level_name(s)) for p, t in trees.items() for s in t.body}
    assert sorted(set(ALLOWED_DATA) - names) == []
