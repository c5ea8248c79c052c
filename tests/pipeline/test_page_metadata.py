"""Page information in every shape a site prints it, and in both scripts: one parser reads them all."""
import pytest

from build_scripts.clean import metadata

# (line, loose, label → value that must be read); loose: above or below the document
SHAPES = [
    ("发布时间:2023-11-15 来源:本网 浏览次数:", False, {"发布时间": "2023-11-15", "来源": "本网"}),
    ("发布时间:2023-02-01 08:57信息来源: 鸠江区农业农村局阅读次数:", False,
     {"发布时间": "2023-02-01 08:57", "信息来源": "鸠江区农业农村局"}),
    ("索 引 号: 002590059/2019-57337 公开方式: 主动公开", False, {"索引号": "002590059/2019-57337"}),
    ("索 引 号 640323004/2022-00062 发文时间 2021-10-22", True, {"索引号": "640323004/2022-00062", "发文时间": "2021-10-22"}),
    ("发布机构 盐池县教体局 文 号", True, {"发布机构": "盐池县教体局", "文号": ""}),
    ("[ 索引号 ] | 11500228008652038C/2021-00116 | [ 发文字号 ] | 梁平府发〔2021〕5号 | ||||", False,
     {"索引号": "11500228008652038C/2021-00116", "发文字号": "梁平府发〔2021〕5号"}),
    ("【成文日期】2021-04-11 【发布日期】2021-05-10", False, {"成文日期": "2021-04-11", "发布日期": "2021-05-10"}),
    ("  • 发布日期:2023-02-17", False, {"发布日期": "2023-02-17"}),
    ("- 发布日期:2021-07-19", False, {"发布日期": "2021-07-19"}),
    ("發文字號: 國辦函〔2014〕31號 發佈日期: 2014年03月10日", False, {"发文字号": "國辦函〔2014〕31號", "发布日期": "2014年03月10日"}),
    ("標  題: 國務院辦公廳關於落實有關政策措施分工的通知", False, {"标题": "國務院辦公廳關於落實有關政策措施分工的通知"}),
    ("湖南省农业农村厅  时间: 2023-12-13 09:44  【字体:", True, {"": "湖南省农业农村厅", "时间": "2023-12-13 09:44"}),
    ("2014-03-10 08:00 来源:新华社", False, {"日期": "2014-03-10 08:00", "来源": "新华社"}),
    ("来源:通川区自然资源局", True, {"来源": "通川区自然资源局"}),
]


@pytest.mark.parametrize("line,loose,expected", SHAPES, ids=[s[0][:20] for s in SHAPES])
def test_every_shape_is_read(line, loose, expected):
    info = metadata.parse(line, loose=loose)
    assert info is not None
    for label, value in expected.items():
        assert info.get(label) == value, label


@pytest.mark.parametrize("line", [
    "为进一步优化营商环境,现将有关事项通知如下:",
    "时间就是效率,来源于群众的意见要及时办理。",
    "联系人:张三 联系电话:12345678",  # the document's own contact line is not page information
    "关于做好2024年度中小企业服务工作的通知",
    "各有关单位:",
])
def test_document_text_is_not_page_information(line):
    assert metadata.parse(line) is None


def test_colonless_labels_count_only_where_a_page_prints_its_metadata():
    line = "发布机构 盐池县教体局 文 号"
    assert metadata.parse(line) is None
    assert metadata.parse(line, loose=True) is not None


@pytest.mark.parametrize("line,label", [("标 题:", "标题"), ("索 引 號:", "索引号"), ("[ 发布机构 ]", "发布机构")])
def test_a_label_whose_value_is_on_the_next_line(line, label):
    assert metadata.label_only(line) == label


def test_labels_feed_record_fields_in_both_scripts():
    assert metadata.field_for("發佈日期") == "publication_date"
    assert metadata.field_for("索 引 号") == "index_number"
    assert metadata.field_for("標題") == "title"
