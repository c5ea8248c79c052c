"""Interface strings of the archive's own pages, per site language.

Material translates its own interface (search box, navigation) from
`theme.language`; these are the strings of the pages this stage writes.
"""

from build_scripts.config import LANGUAGES

LANGS = LANGUAGES

DEFAULT_LANG = "zh"

# Folder of each language inside site/ (Simplified is the root).
SITE_DIR = {"zh": "", "zh-Hant": "zh-Hant/", "en": "en/"}

LANG_NAME = {"zh": "简体中文", "zh-Hant": "繁體中文", "en": "English"}

STRINGS = {
    "zh": {
        "site_name": "政府文件档案馆",
        "site_description": "中国地方政府公开文件的整理本，简体、繁体、英文三种版本。",
        "home": "首页",
        "browse": "浏览",
        "about_archive": (
            "本站收录中国地方政府及其部门公开发布的文件（人大建议和政协提案答复、"
            "通知、政策措施等），原文经清理后按标题、发文机关、日期、文号等整理。"
        ),
        "count": "共收录 {n} 份文件。",
        "newest": "最新文件",
        "browse_intro": "按以下方式浏览全部文件：",
        "how_made": "各语言版本是怎样产生的",
        "how_made_text": (
            "简体中文为清理后的原文。繁体中文由 OpenCC 从简体自动转换。"
            "英文由离线机器翻译（Argos Translate）生成，未经人工校对，可能有误；"
            "以中文原文为准。"
        ),
        "facet.agency": "按发文机关",
        "facet.year": "按年份",
        "facet.doc_type": "按文种",
        "facet.region": "按地区",
        "facet_value_count": "份",
        "unknown": "未注明",
        "chart_title": "各年份文件数量",
        "documents": "文件",
        "field.title": "标题",
        "field.agency": "发文机关",
        "field.date": "成文日期",
        "field.publication_date": "发布日期",
        "field.doc_number": "文号",
        "field.index_number": "索引号",
        "field.addressee": "主送",
        "field.doc_type": "文种",
        "field.region": "地区",
        "field.source": "来源文件",
        "card": "文件信息",
        "cite": "引用本文件",
        "permalink": "永久链接",
        "downloads": "下载",
        "download_text": "清理后的全文（.txt）",
        "download_json": "文件记录（.json）",
        "mt_notice": "",
        "opencc_notice": "",
        "missing_notice": "",
        "original": "",
        "table_value": "项目",
        "table_count": "数量",
    },
    "zh-Hant": {
        "site_name": "政府文件檔案館",
        "site_description": "中國地方政府公開文件的整理本，簡體、繁體、英文三種版本。",
        "home": "首頁",
        "browse": "瀏覽",
        "about_archive": (
            "本站收錄中國地方政府及其部門公開發布的文件（人大建議和政協提案答覆、"
            "通知、政策措施等），原文經清理後按標題、發文機關、日期、文號等整理。"
        ),
        "count": "共收錄 {n} 份文件。",
        "newest": "最新文件",
        "browse_intro": "按以下方式瀏覽全部文件：",
        "how_made": "各語言版本是怎樣產生的",
        "how_made_text": (
            "簡體中文為清理後的原文。繁體中文由 OpenCC 從簡體自動轉換。"
            "英文由離線機器翻譯（Argos Translate）生成，未經人工校對，可能有誤；"
            "以中文原文為準。"
        ),
        "facet.agency": "按發文機關",
        "facet.year": "按年份",
        "facet.doc_type": "按文種",
        "facet.region": "按地區",
        "facet_value_count": "份",
        "unknown": "未註明",
        "chart_title": "各年份文件數量",
        "documents": "文件",
        "field.title": "標題",
        "field.agency": "發文機關",
        "field.date": "成文日期",
        "field.publication_date": "發布日期",
        "field.doc_number": "文號",
        "field.index_number": "索引號",
        "field.addressee": "主送",
        "field.doc_type": "文種",
        "field.region": "地區",
        "field.source": "來源文件",
        "card": "文件資訊",
        "cite": "引用本文件",
        "permalink": "永久連結",
        "downloads": "下載",
        "download_text": "清理後的全文（.txt）",
        "download_json": "文件記錄（.json）",
        "mt_notice": "",
        "opencc_notice": "本頁由簡體原文經 OpenCC 自動轉換為繁體。",
        "missing_notice": "",
        "original": "簡體原文",
        "table_value": "項目",
        "table_count": "數量",
    },
    "en": {
        "site_name": "Chinese Government Documents Archive",
        "site_description": (
            "Cleaned public documents of Chinese local governments, in Simplified "
            "Chinese, Traditional Chinese and English."
        ),
        "home": "Home",
        "browse": "Browse",
        "about_archive": (
            "This archive holds documents published by Chinese local governments and "
            "their departments (replies to people's congress suggestions and CPPCC "
            "proposals, notices, policy measures). Each source text is cleaned and "
            "described by title, issuing agency, date and document number."
        ),
        "count": "The archive holds {n} documents.",
        "newest": "Newest documents",
        "browse_intro": "Browse all documents:",
        "how_made": "How the English is made",
        "how_made_text": (
            "The Simplified Chinese text is the cleaned original. The Traditional "
            "Chinese is converted from it with OpenCC. The English is a machine "
            "translation made offline with Argos Translate and not reviewed by a "
            "person: it may be wrong, and the Chinese original is authoritative."
        ),
        "facet.agency": "By agency",
        "facet.year": "By year",
        "facet.doc_type": "By document type",
        "facet.region": "By region",
        "facet_value_count": "documents",
        "unknown": "Not stated",
        "chart_title": "Documents per year",
        "documents": "Documents",
        "field.title": "Title",
        "field.agency": "Agency",
        "field.date": "Date",
        "field.publication_date": "Published",
        "field.doc_number": "Document number",
        "field.index_number": "Index number",
        "field.addressee": "Addressee",
        "field.doc_type": "Type",
        "field.region": "Region",
        "field.source": "Source file",
        "card": "About this document",
        "cite": "Cite this document",
        "permalink": "Permalink",
        "downloads": "Downloads",
        "download_text": "Cleaned text (.txt)",
        "download_json": "Record (.json)",
        "mt_notice": (
            "Machine translation. This English text was produced automatically "
            "(Argos Translate) from the Chinese original and has not been checked "
            "by a person. The Chinese original is authoritative."
        ),
        "opencc_notice": "",
        "missing_notice": (
            "No English translation is available for this document yet; the "
            "Chinese text is shown."
        ),
        "original": "Chinese original",
        "table_value": "Value",
        "table_count": "Count",
    },
}


def t(lang: str, key: str, **kwargs) -> str:
    text = STRINGS[lang][key]
    return text.format(**kwargs) if kwargs else text
