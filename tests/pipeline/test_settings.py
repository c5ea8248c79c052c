"""build_scripts/settings.py: every data file loads into its model, and a wrong or missing value
stops the run with the file, the key path and the problem named."""
import shutil

import pytest
import yaml

from build_scripts import settings
from build_scripts.settings import SettingsError
from build_scripts.variants.glossary import load_glossary


@pytest.mark.parametrize("name", sorted(settings.MODELS))
def test_every_data_file_loads(name):
    assert isinstance(settings.load(name), settings.MODELS[name])


def test_the_accessors_read_each_file_once_and_give_typed_values():
    assert settings.structure() is settings.structure()
    assert "代表" in settings.structure().addressee.honorifics
    assert settings.chrome().settings.paragraph_min_chars == 20
    assert settings.doc_types().labels["other"]["zh-Hant"] == "其他"


@pytest.fixture
def data_dir(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, copy)
    return copy


def rewrite(data_dir, name, change):
    path = data_dir / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problem(name, data_dir):
    with pytest.raises(SettingsError) as raised:
        settings.load(name, data_dir=data_dir)
    return str(raised.value)


def test_a_copy_of_the_data_folder_is_read_instead(data_dir):
    rewrite(data_dir, "structure", lambda data: data["addressee"].update(honorifics=["馆长"]))
    assert settings.load("structure", data_dir=data_dir).addressee.honorifics == ("馆长",)


def test_a_wrong_value_names_the_file_the_key_path_and_the_problem(data_dir):
    rewrite(data_dir, "chrome", lambda data: data["settings"].update(paragraph_min_chars="abc"))
    assert problem("chrome", data_dir) == (
        f"{data_dir / 'chrome.yaml'}: settings.paragraph_min_chars: "
        "Input should be a valid integer, unable to parse string as an integer (got 'abc')")


def test_a_file_of_the_project_is_named_from_the_project_root():
    with pytest.raises(SettingsError, match=r"^build_scripts/data/read\.yaml: max_control_ratio: "):
        settings.from_text("read", "candidate_encodings: [gbk]\nmax_control_characters: 8\nmax_control_ratio: x\n",
                           settings.DATA_DIR / "read.yaml")


def test_a_missing_key_is_named(data_dir):
    rewrite(data_dir, "structure", lambda data: data["addressee"].pop("honorifics"))
    assert problem("structure", data_dir) == f"{data_dir / 'structure.yaml'}: addressee.honorifics: Field required"


def test_every_problem_of_a_file_is_named_on_a_line_of_its_own(data_dir):
    def break_two(data):
        data.pop("national_region")
        data["places"][3]["level"] = "town"
    rewrite(data_dir, "regions", break_two)
    lines = problem("regions", data_dir).splitlines()
    assert lines[0].endswith("regions.yaml: national_region: Field required")
    assert lines[1].endswith("regions.yaml: places.3.level: Input should be 'province', 'city' or 'county' (got 'town')")


def test_a_wrong_item_of_a_rules_list_is_named_by_its_position(data_dir):
    rewrite(data_dir, "chrome", lambda data: data["line_rules"][2].update(zone="sidebar"))
    assert "chrome.yaml: line_rules.2.zone: Input should be 'anywhere', 'header' or 'footer' (got 'sidebar')" \
        in problem("chrome", data_dir)


def test_a_pattern_that_does_not_compile_is_reported(data_dir):
    rewrite(data_dir, "doc_types", lambda data: data["types"][1].update(title="(提案"))
    assert "doc_types.yaml: types.1.title: not a valid regular expression: missing )" \
        in problem("doc_types", data_dir)


def test_an_empty_word_is_reported(data_dir):
    # an empty honorific would make every short line a salutation
    rewrite(data_dir, "structure", lambda data: data["addressee"]["honorifics"].append(""))
    assert "structure.yaml: addressee.honorifics.9: String should have at least 1 character" in problem("structure", data_dir)


def test_an_unknown_key_of_a_file_or_section_is_a_typo(data_dir):
    rewrite(data_dir, "structure", lambda data: data.update(honorific=["馆长"]))
    assert "structure.yaml: honorific: Extra inputs are not permitted" in problem("structure", data_dir)
    rewrite(data_dir, "chrome", lambda data: data["settings"].update(title_max_line=3))
    assert "chrome.yaml: settings.title_max_line: Extra inputs are not permitted" in problem("chrome", data_dir)


def test_a_rule_may_carry_notes_but_not_a_misspelt_field(data_dir):
    rewrite(data_dir, "chrome", lambda data: data["line_rules"][0].update(note="seen on 12 county sites"))
    assert settings.load("chrome", data_dir=data_dir).line_rules[0].note == "seen on 12 county sites"
    rewrite(data_dir, "chrome", lambda data: data["line_rules"][0].update(ends_pgae=True))
    assert "chrome.yaml: line_rules.0: unknown key 'ends_pgae': did you mean 'ends_page'?" \
        in problem("chrome", data_dir)


def test_a_document_type_needs_a_label_in_every_language(data_dir):
    rewrite(data_dir, "doc_types", lambda data: data["types"].insert(0, {"id": "circular", "title": "通报$"}))
    assert "doc_types.yaml: labels: no label for circular in zh, zh-Hant, en" in problem("doc_types", data_dir)


def test_a_place_under_an_unlisted_parent_is_reported(data_dir):
    rewrite(data_dir, "regions", lambda data: data["places"].append({"name": "新县", "level": "county", "parent": "无此市"}))
    assert "regions.yaml: places: parent not listed as a place: 无此市" in problem("regions", data_dir)


def test_a_file_that_is_not_yaml_or_not_there_is_reported(data_dir):
    (data_dir / "read.yaml").write_text("candidate_encodings: [gbk\n", encoding="utf-8")
    assert "read.yaml: not valid YAML" in problem("read", data_dir)
    (data_dir / "read.yaml").unlink()
    assert "read.yaml: cannot be read" in problem("read", data_dir)


def test_the_glossary_is_checked_too(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("units:\n  万元: {factor: many, en: yuan}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"glossary\.yaml: units\.万元\.factor: Input should be a valid integer"):
        load_glossary(path)


def test_two_rules_of_one_name_are_reported(data_dir):
    # a removed line keeps the name of its rule: two of one name could not be told apart
    rewrite(data_dir, "chrome", lambda data: data["line_rules"][1].update(name=data["line_rules"][0]["name"]))
    assert "chrome.yaml: line_rules: more than one rule named accessibility_widget" in problem("chrome", data_dir)
