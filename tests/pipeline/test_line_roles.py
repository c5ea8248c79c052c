"""Pages in shapes no development page has: each line must still get its role from evidence.

Each case is a whole page with the fields it states, the lines that are chrome and the lines the
body must keep; adding a case adds a test.
"""
import pytest

from build_scripts.clean import clean
from build_scripts.read import read_text
from build_scripts.structure import structure

CASES = {
    "traditional_page": dict(
        page="""首頁 > 政務公開 > 通知公告
關於做好2024年度安全生產工作的通知
發佈時間:2024-03-01  來源:市應急管理局  瀏覽次數:125
【字體:大 中 小】
各區縣人民政府,市政府各部門:
為切實做好2024年度安全生產工作,現將有關事項通知如下:
一、提高思想認識
各單位要高度重視安全生產工作,落實主體責任,堅決遏制重特大事故發生。
某某市應急管理局
2024年3月1日
分享到:
掃一掃在手機打開當前頁
相關附件
版權所有:某某市人民政府 網站標識碼:1234000001""",
        title="關於做好2024年度安全生產工作的通知", addressee="各區縣人民政府,市政府各部門:",
        agency="某某市應急管理局", date="2024-03-01", headings=["一、提高思想認識"],
        chrome=["首頁 > 政務公開 > 通知公告", "瀏覽次數:125", "【字體:大 中 小】", "分享到:", "掃一掃在手機打開當前頁", "相關附件", "網站標識碼"],
        keep=["為切實做好2024年度安全生產工作", "堅決遏制重特大事故發生。", "某某市應急管理局", "2024年3月1日"]),
    "stacked_colonless_labels": dict(
        page="""索 引 号
11330100002493577N/2024-00012
发布机构
杭州市某某局
标 题
杭州市某某局关于开展2024年度企业培训的通知
杭州市某某局关于开展2024年度企业培训的通知
各区县(市)某某局:
为提升企业管理水平,现就开展2024年度企业培训有关事项通知如下。
杭州市某某局
2024年4月2日""",
        title="杭州市某某局关于开展2024年度企业培训的通知", addressee="各区县(市)某某局:",
        agency="杭州市某某局", date="2024-04-02", index_number="11330100002493577N/2024-00012",
        chrome=["索 引 号", "发布机构", "标 题", "11330100002493577N/2024-00012"],
        keep=["为提升企业管理水平", "2024年4月2日"]),
    "news_headline_first": dict(
        page="""市长调研重点项目建设
3月5日上午,市长张三带队调研重点项目建设情况,实地察看项目进展。
张三强调,要加快项目建设进度,确保项目早日投产见效。
(记者 李四)
稿源:市政府办 编审:赵六
上一篇:市政府召开常务会议
打印 | 关闭""",
        title="市长调研重点项目建设", addressee=None, headings=[],
        chrome=["(记者 李四)", "稿源:市政府办 编审:赵六", "上一篇:市政府召开常务会议", "打印 | 关闭"],
        keep=["3月5日上午,市长张三带队调研重点项目建设情况", "确保项目早日投产见效。"]),
    "honoured_salutation_without_colon": dict(
        page="""关于对市十六届人大三次会议第12号建议的答复
尊敬的王建国代表
您提出的《关于加强社区养老服务的建议》收悉,现答复如下:
我局高度重视社区养老服务工作,已在全市建成社区养老服务站86个。
感谢您对民政工作的关心和支持!
某某市民政局
2024年6月18日""",
        title="关于对市十六届人大三次会议第12号建议的答复", addressee="尊敬的王建国代表",
        agency="某某市民政局", date="2024-06-18", chrome=[], keep=["已在全市建成社区养老服务站86个。"]),
    "bulleted_unlabelled_metadata": dict(
        page="""欢迎访问某某县人民政府网站
乡村振兴工作推进会召开
• 2024-05-10
• 县农业农村局
5月10日,全县乡村振兴工作推进会召开,会议总结了前期工作,部署了下一阶段任务。
会议要求,各乡镇要压实责任,确保各项任务落地见效。""",
        title="乡村振兴工作推进会召开", agency="县农业农村局", date="2024-05-10",
        chrome=["欢迎访问某某县人民政府网站", "• 2024-05-10", "• 县农业农村局"],
        keep=["全县乡村振兴工作推进会召开", "确保各项任务落地见效。"]),
    "no_title_at_all": dict(
        page="""为加快推进数字政府建设,提升政务服务效能,结合本区实际,制定如下措施。
一、推进政务数据共享
各部门要按照统一标准,推进政务数据共享。""",
        title=None, derived_title="为加快推进数字政府建设,提升政务服务效能,结合本区实际,制定如下措施",
        headings=["一、推进政务数据共享"], chrome=[], keep=["为加快推进数字政府建设", "推进政务数据共享。"]),
    "press_release_with_end_mark": dict(
        page="""跳至主要內容
政務司司長出席記者會
************************
  政務司司長今日下午出席記者會,介紹有關籌辦工作的最新情況,並回答傳媒提問。
  他表示,各項籌備工作進展順利,將繼續與各方緊密合作。
完
2025年7月23日(星期三)
香港時間18時00分
即日新聞""",
        title="政務司司長出席記者會", date="2025-07-23",
        chrome=["跳至主要內容", "************************", "香港時間18時00分", "即日新聞"],
        keep=["政務司司長今日下午出席記者會", "將繼續與各方緊密合作。"]),
    "bulleted_stacked_table": dict(
        page="""• 索引号:
  • 001008003011029/2024-68088
  • 文 号:
  • 某水〔2024〕86号
  • 发布机构:
  • 某某县水利局
  • 成文日期:
  • 2024-06-26
某某县水利局关于答复县十七届人大三次会议第413号代表建议的函
吴春华代表:
您《关于增加蓄水工程建设的建议》收悉,我局高度重视,经调查研究,现答复如下:
一、供水保障方面。十四五期间,对城镇和农村供水进行新一轮的改造提升。
某某县水利局
2024年6月26日
(此件公开发布)
抄送:县人大代表工委。
【打印本页】 【关闭窗口】""",
        title="某某县水利局关于答复县十七届人大三次会议第413号代表建议的函", addressee="吴春华代表:",
        agency="某某县水利局", date="2024-06-26", doc_number="某水〔2024〕86号",
        index_number="001008003011029/2024-68088",
        chrome=["• 001008003011029/2024-68088", "• 2024-06-26", "【打印本页】"],
        keep=["(此件公开发布)", "抄送:县人大代表工委。", "2024年6月26日"]),
    "byline_of_agency_and_date": dict(
        page="""【政策解读】关于《某某县2023年度工作总结》的政策解读
某某县人民政府 2024年01月08日
按照工作要求,我县总结2023年全县工作,印发了工作总结。
一、起草背景
党中央、国务院高度重视法治政府建设。""",
        title="【政策解读】关于《某某县2023年度工作总结》的政策解读", agency="某某县人民政府", date="2024-01-08",
        headings=["一、起草背景"], chrome=["某某县人民政府 2024年01月08日"], keep=["印发了工作总结。"]),
    "letter_date_above_its_contact_block": dict(
        page="""对某某市第九届人民代表大会第三次会议第31号建议的答复
纪占斌等3名代表:
您提出的关于道路改造的建议收悉。我局高度重视此建议的办理,现答复如下:
我局将积极争取资金,尽快实施改造。
2023年7月18日
领导签发:刘民华
联系人及电话:李伟 8788586
抄送:市人大常委会选举任免代表工作委员会。""",
        title="对某某市第九届人民代表大会第三次会议第31号建议的答复", addressee="纪占斌等3名代表:",
        date="2023-07-18", chrome=[], keep=["领导签发:刘民华", "抄送:市人大常委会选举任免代表工作委员会。"]),
    "salutation_run_into_the_text": dict(
        page="""某某市人大代表建议承办表
马军运代表: 您好,您提出的“关于将单位宿舍纳入老旧小区改造范围的建议”收悉,现答复如下:我局将认真研究。""",
        title="某某市人大代表建议承办表", addressee="马军运代表:", chrome=[], keep=["马军运代表: 您好"]),
}


def _record(text: str) -> dict:
    return structure(clean(read_text("case.txt", text.encode("utf-8"))))


@pytest.mark.parametrize("name", CASES)
def test_fields(name):
    case, record = CASES[name], _record(CASES[name]["page"])
    if case["title"] is None:
        assert record["title_derived"] and any(w.startswith("title:") for w in record["warnings"])
        assert record["title"] == case["derived_title"]
    else:
        assert record["title"] == case["title"] and not record["title_derived"]
    for field in ("addressee", "agency", "date", "doc_number", "index_number"):
        if field in case:
            assert record[field] == case[field], field
    if "headings" in case:
        assert [h["text"] for h in record["headings"]] == case["headings"]


@pytest.mark.parametrize("name", CASES)
def test_chrome_goes_and_text_stays(name):
    case, record = CASES[name], _record(CASES[name]["page"])
    for line in case["chrome"]:
        assert line not in record["body"], line
    for fragment in case["keep"]:
        assert fragment in record["body"], fragment
