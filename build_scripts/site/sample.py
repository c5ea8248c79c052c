"""A synthetic archive (variant records + document pages) for the site's tests and benchmarks.

It follows CONTRACT.md: build/variants/<lang>/<slug>.json for zh, zh-Hant, en and
docs/<lang>/documents/<slug>.md. Traditional text is made with OpenCC (as the variants
stage does); the English text is written here, marked machine-translated like the real one.
The first documents are fixed, each built around one archive term, so tests can search
for them; the rest are generated deterministically from a seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIXED = [
    {
        "slug": "sample-supply-chain-reply",
        "title": "关于提升企业供应链韧性推动制造业高质量发展的提案答复",
        "title_en": "Reply to the proposal on strengthening enterprise supply chain resilience",
        "agency": "广州市工业和信息化局", "agency_en": "Guangzhou Municipal Bureau of Industry and Information Technology",
        "region": "广东省广州市", "region_en": "Guangzhou, Guangdong",
        "doc_type_label": "提案答复", "doc_type_en": "Reply to a CPPCC proposal",
        "date": "2023-08-15", "doc_number": "穗工信函〔2023〕101号", "index_number": "007482991/2023-00101",
        "addressee": "市台盟",
        "term": "专精特新", "term_en": "specialized and sophisticated",
        "heading": "一、关于培育“小巨人”“专精特新”企业", "heading_en": "1. On fostering little-giant enterprises",
        "para": "我市印发专精特新中小企业培育行动方案，对新认定的国家级专精特新“小巨人”企业给予一次性奖励，推动企业走专业化、精细化、特色化、新颖化发展之路。",
        "para_en": "The city issued an action plan for specialized and sophisticated small and medium-sized enterprises and rewards newly recognised national little-giant enterprises once.",
    },
    {
        "slug": "sample-guarantee-suggestion-reply",
        "title": "关于加大中小企业融资担保支持力度的建议答复",
        "title_en": "Reply to the suggestion on more financing guarantee support for small businesses",
        "agency": "金华市经济和信息化局", "agency_en": "Jinhua Municipal Bureau of Economy and Information Technology",
        "region": "浙江省金华市", "region_en": "Jinhua, Zhejiang",
        "doc_type_label": "建议答复", "doc_type_en": "Reply to a deputy's suggestion",
        "date": "2023-07-13", "doc_number": "金经信办建〔2023〕22号", "index_number": "1133070000259288XD/2023-04645",
        "addressee": "武义县代表团",
        "term": "融资担保", "term_en": "guarantee",
        "heading": "一、完善政府性融资担保体系", "heading_en": "1. Improving the government financing guarantee system",
        "para": "我们推动政府性融资担保机构扩大小微企业融资担保业务规模，降低担保费率，缓解融资难、融资贵问题。",
        "para_en": "We push government guarantee institutions to expand guarantee business for micro and small firms and to lower guarantee fees.",
    },
    {
        "slug": "sample-chain-chief-notice",
        "title": "关于全面推行产业链链长制的通知",
        "title_en": "Notice on fully implementing the industrial chain chief system",
        "agency": "三明市人民政府办公室", "agency_en": "General Office of Sanming Municipal People's Government",
        "region": "福建省三明市", "region_en": "Sanming, Fujian",
        "doc_type_label": "通知", "doc_type_en": "Notice",
        "date": "2022-05-20", "doc_number": "明政办〔2022〕18号", "index_number": None,
        "addressee": "各县（市、区）人民政府，市直各单位",
        "term": "链长制", "term_en": "chain chief",
        "heading": "一、建立链长制工作机制", "heading_en": "1. Setting up the chain chief mechanism",
        "para": "各重点产业链实行链长制，由市领导担任链长，统筹推进稳链补链强链延链工作。",
        "para_en": "Each key industrial chain has a chain chief, a city leader who coordinates work to stabilise, fill, strengthen and extend the chain.",
    },
]

AGENCIES = [("揭阳市工业和信息化局", "Jieyang Bureau of Industry and Information Technology", "广东省揭阳市", "Jieyang, Guangdong"),
            ("溧阳市发展和改革委员会", "Liyang Development and Reform Commission", "江苏省溧阳市", "Liyang, Jiangsu"),
            ("银川市交通运输局", "Yinchuan Transport Bureau", "宁夏回族自治区银川市", "Yinchuan, Ningxia"),
            ("鞍山市铁西区人民政府", "Tiexi District Government, Anshan", "辽宁省鞍山市", "Anshan, Liaoning"),
            ("高平市文化和旅游局", "Gaoping Bureau of Culture and Tourism", "山西省高平市", "Gaoping, Shanxi"),
            ("余姚市经济和信息化局", "Yuyao Bureau of Economy and Information Technology", "浙江省余姚市", "Yuyao, Zhejiang")]
TYPES = [("建议答复", "Reply to a deputy's suggestion"), ("提案答复", "Reply to a CPPCC proposal"),
         ("通知", "Notice"), ("实施意见", "Implementing opinions")]
TOPICS = [("营商环境", "business environment"), ("数字化转型", "digital transformation"),
          ("普惠金融", "inclusive finance"), ("技术改造", "technological upgrading"),
          ("产业集群", "industrial clusters"), ("工业互联网", "industrial internet")]
FILLER = ("我局高度重视，会同有关部门认真研究办理，现将有关情况答复如下。近年来，我市围绕{t}持续发力，"
          "出台一系列政策措施，取得了积极成效。下一步，我们将进一步加强统筹协调，完善工作机制，"
          "加大资金支持力度，推动{t}工作再上新台阶。")
FILLER_EN = ("We attach great importance to this and studied it with the departments concerned. In recent years "
             "the city has worked steadily on {t} and issued a series of policy measures with good results. "
             "Next we will strengthen coordination, improve the working mechanism and increase funding for {t}.")


SUBJECTS = ["我局", "市政府", "各县（市、区）", "有关部门", "市发展改革委", "市财政局", "市场监管部门",
            "金融监管部门", "行业协会", "重点企业", "园区管委会", "市科技局"]
ACTIONS = ["加大", "完善", "落实", "推动", "强化", "优化", "健全", "深化", "扩大", "规范"]
OBJECTS = ["资金扶持", "政策宣传", "项目储备", "人才引进", "技术攻关", "服务体系", "考核机制", "信息共享",
           "要素保障", "金融服务", "用地保障", "标准建设", "品牌培育", "市场开拓", "数据统计"]
RESULTS = ["取得明显成效", "惠及企业{n}家", "累计投入资金{n}万元", "新增项目{n}个", "形成典型案例{n}个",
           "带动就业{n}人", "完成年度目标", "得到社会各界好评"]


def _paragraph(rng: random.Random, topic: str) -> str:
    """A varied paragraph (so the index and its gzip size behave like real text)."""
    out = []
    for _ in range(rng.randint(3, 6)):
        out.append(f"{rng.choice(SUBJECTS)}围绕{topic}{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，"
                   f"{rng.choice(ACTIONS)}{rng.choice(OBJECTS)}，"
                   + rng.choice(RESULTS).format(n=rng.randint(2, 9999)) + "。")
    return "".join(out)


def _doc_from(spec: dict, n_paras: int = 4) -> dict:
    rng = random.Random(spec["slug"])
    blocks = [{"kind": "addressee", "text": spec["addressee"] + "："}] if spec.get("addressee") else []
    blocks.append({"kind": "heading", "level": 2, "text": spec["heading"]})
    blocks.append({"kind": "paragraph", "text": spec["para"]})
    blocks.append({"kind": "paragraph", "text": FILLER.format(t=spec.get("topic", spec["term"]))})
    for i in range(1, n_paras):
        if i % 5 == 0:
            blocks.append({"kind": "heading", "level": 2, "text": f"{'二三四五六七八九十'[min(i // 5 - 1, 8)]}、关于{rng.choice(OBJECTS)}"})
        blocks.append({"kind": "paragraph", "text": _paragraph(rng, spec.get("topic", spec["term"]))})
    blocks.append({"kind": "signature", "text": spec["agency"]})
    blocks.append({"kind": "date", "text": spec["date"]})
    blocks.append({"kind": "contact", "text": "联系人：张三，联系电话：0000-1234567"})
    return blocks


def _record(spec: dict, n_paras: int = 4) -> dict:
    blocks = _doc_from(spec, n_paras)
    return {
        "source_file": f"{spec['slug']}.txt", "slug": spec["slug"], "title": spec["title"],
        "title_derived": False, "agency": spec["agency"], "date": spec["date"],
        "publication_date": spec["date"], "doc_number": spec.get("doc_number"),
        "index_number": spec.get("index_number"), "addressee": spec.get("addressee"),
        "doc_type": None, "doc_type_label": spec["doc_type_label"], "region": spec["region"],
        "headings": [{"level": b["level"], "text": b["text"]} for b in blocks if b["kind"] == "heading"],
        "body": "\n".join(b["text"] for b in blocks), "blocks": blocks,
        "removed": [], "lifted": [], "page_metadata": {}, "warnings": [],
    }


def _variant(record: dict, spec: dict, lang: str, cc=None) -> dict:
    rec = json.loads(json.dumps(record, ensure_ascii=False))
    rec["lang"] = lang
    for b in rec["blocks"]:
        b["original"] = b["text"]
    if lang == "zh":
        rec["variant"] = {"method": "original", "machine_translated": False, "translation_missing": False}
    elif lang == "zh-Hant":
        for key in ("title", "agency", "addressee", "region", "doc_type_label", "body"):
            if rec.get(key):
                rec[key] = cc.convert(rec[key])
        for b in rec["blocks"]:
            b["text"] = cc.convert(b["text"])
        for h in rec["headings"]:
            h["text"] = cc.convert(h["text"])
        rec["variant"] = {"method": "opencc", "config": "s2t", "machine_translated": False,
                          "translation_missing": False}
    else:
        en = {"title": spec["title_en"], "agency": spec["agency_en"], "region": spec["region_en"],
              "doc_type_label": spec["doc_type_en"], "addressee": "To whom it concerns"}
        rec.update(en)
        filler = FILLER_EN.format(t=spec.get("topic_en", spec["term_en"]))
        rng = random.Random(spec["slug"] + "en")
        words = ("funding support policy publicity project pipeline talent attraction research services "
                 "assessment information sharing land supply standards brands markets statistics").split()
        for b in rec["blocks"]:
            if b["kind"] == "paragraph":
                b["text"] = filler + " " + " ".join(
                    f"The {rng.choice(words)} work on {spec.get('topic_en', spec['term_en'])} reached "
                    f"{rng.randint(2, 9999)} {rng.choice(words)} items." for _ in range(rng.randint(2, 5)))
                continue
            b["text"] = {"heading": spec["heading_en"], "paragraph": filler, "signature": spec["agency_en"],
                         "addressee": "To whom it concerns:", "contact": "Contact: Zhang San, tel. 0000-1234567"
                         }.get(b["kind"], b["text"])
        first_para = next(b for b in rec["blocks"] if b["kind"] == "paragraph")
        first_para["text"] = spec["para_en"]
        rec["headings"] = [{"level": 2, "text": spec["heading_en"]}]
        rec["body"] = "\n".join(b["text"] for b in rec["blocks"])
        rec["variant"] = {"method": "argos", "machine_translated": True, "translation_missing": False}
    return rec


def render_page(rec: dict) -> str:
    """Minimal stand-in for the records stage's render_page (front matter + headings + text)."""
    meta = {k: rec.get(k) for k in ("title", "slug", "agency", "date", "doc_number", "lang")}
    lines = ["---", json.dumps(meta, ensure_ascii=False), "---", "", f"# {rec['title']}", ""]
    for b in rec["blocks"]:
        if b["kind"] == "heading":
            lines += ["#" * b.get("level", 2) + " " + b["text"], ""]
        elif b["kind"] in ("signature", "date"):
            lines += [f'<p class="archive-signature">{b["text"]}</p>', ""]
        elif b["kind"] == "contact":
            lines += [f'<p class="archive-contact">{b["text"]}</p>', ""]
        else:
            lines += [b["text"], ""]
    return "\n".join(lines)


def specs(n: int, seed: int = 7) -> list[dict]:
    out = [dict(s) for s in FIXED[:n]]
    rng = random.Random(seed)
    i = 0
    while len(out) < n:
        agency, agency_en, region, region_en = rng.choice(AGENCIES)
        dtype, dtype_en = rng.choice(TYPES)
        topic, topic_en = rng.choice(TOPICS)
        year = rng.randint(2015, 2024)
        out.append({
            "slug": f"gen-{i:05d}", "title": f"关于推进{topic}的{dtype}（第{i}号）",
            "title_en": f"{dtype_en} on {topic_en} (no. {i})",
            "agency": agency, "agency_en": agency_en, "region": region, "region_en": region_en,
            "doc_type_label": dtype, "doc_type_en": dtype_en,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "doc_number": f"文〔{year}〕{i}号", "index_number": f"IDX/{year}-{i:05d}", "addressee": "有关单位",
            "term": topic, "term_en": topic_en, "topic": topic, "topic_en": topic_en,
            "heading": f"一、关于{topic}", "heading_en": f"1. On {topic_en}",
            "para": FILLER.format(t=topic), "para_en": FILLER_EN.format(t=topic_en),
        })
        i += 1
    return out


def write_archive(root: Path, n: int = 3, n_paras: int = 4) -> dict:
    """Write variants and document pages for n documents under root; returns the paths."""
    import opencc

    cc = opencc.OpenCC("s2t")
    root = Path(root)
    variants_dir, docs_dir = root / "build" / "variants", root / "docs"
    for spec in specs(n):
        record = _record(spec, n_paras)
        for lang in ("zh", "zh-Hant", "en"):
            rec = _variant(record, spec, lang, cc)
            vpath = variants_dir / lang / f"{spec['slug']}.json"
            vpath.parent.mkdir(parents=True, exist_ok=True)
            vpath.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
            dpath = docs_dir / lang / "documents" / f"{spec['slug']}.md"
            dpath.parent.mkdir(parents=True, exist_ok=True)
            dpath.write_text(render_page(rec), encoding="utf-8")
    return {"variants": variants_dir, "docs": docs_dir, "site": root / "site", "build": root / "build"}
