"""Write bench/data/screening_cases.csv: the labelled set that screening is measured and tested on.

Positives are variants of names on the shipped list (duediligence/partners/data/xinjiang_entities.csv), each
labelled with the listed name it must match; negatives are written by hand below: names that share words,
places and legal forms with listed entities, and well-known firms that are not listed. The variants are made
the way names reach an officer: another legal form, the city moved, one typo, full-width letters, traditional
characters, a short form without the city, the pinyin of the Chinese name, a subsidiary named after its listed
parent, an abbreviation. Deterministic: running it again writes the same file.

    .venv/bin/python bench/make_screening_cases.py
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "duediligence" / "partners" / "data" / "xinjiang_entities.csv"
OUT = ROOT / "bench" / "data" / "screening_cases.csv"

LEGAL = re.compile(r",?\s*(Co\.,? Ltd\.?|Co\. Ltd\.?|Company Limited|Limited|Ltd\.?|Inc\.|Corporation|Co\.)\s*$", re.I)
CJK = re.compile(r"[\u3400-\u9fff]")
CJK_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "公司")
CJK_PLACES = (
    "新疆维吾尔自治区",
    "新疆",
    "北京市",
    "北京",
    "上海市",
    "上海",
    "深圳市",
    "深圳",
    "杭州",
    "浙江",
    "厦门市",
    "合肥",
    "南京",
    "南昌",
)
PLACE_WORDS = {
    "Hangzhou",
    "Zhejiang",
    "Beijing",
    "Xiamen",
    "Shanghai",
    "Shenzhen",
    "Nanjing",
    "Nanchang",
    "Hefei",
    "Xinjiang",
    "Aksu",
    "Changji",
    "Hetian",
    "Dongguan",
    "Shandong",
    "Henan",
    "Hebei",
    "Anhui",
    "Gansu",
    "Dalian",
    "Tianjin",
    "Fujian",
    "Sichuan",
    "Chengdu",
    "Baoding",
    "Binzhou",
    "Heze",
    "Hunan",
    "Donghai",
    "Ninghai",
}
FORMS = ["Company Limited", "Co Ltd", "Corporation", "Co., Ltd", "Limited"]
# Brands whose subsidiaries are named after them ("Hikvision (Xinjiang) Trading Co.").
PARENTS = {
    "Hangzhou Hikvision Digital Technology Co., Ltd.": "Hikvision",
    "Zhejiang Dahua Technology Co., Ltd.": "Dahua",
    "IFLYTEK Co., Ltd.": "iFlytek",
    "Megvii Technology Limited": "Megvii",
    "Beijing SenseTime Technology Development Co., Ltd.": "SenseTime",
    "CloudWalk Technology Co., Ltd.": "CloudWalk",
    "FiberHome Technologies Group": "FiberHome",
    "NetPosa Technologies Limited": "NetPosa",
    "SZ DJI Technology Co., Ltd.": "DJI",
    "Zijin Mining Group Co., Ltd.": "Zijin",
    "Xinjiang Zhongtai Chemical Co., Ltd.": "Zhongtai",
    "Dawning Information Industry Co., Ltd.": "Sugon",
    "Ninestar Corporation": "Ninestar",
    "Chenguang Biotech Group Co., Ltd.": "Chenguang",
    "Xinjiang GCL New Energy Material Technology Co., Ltd.": "GCL",
}
NEGATIVES = """
Shanghai Municipal Public Security Bureau
Beijing Municipal Public Security Bureau
Guangzhou Municipal Public Security Bureau
Shenzhen Public Security Bureau Traffic Police
Chengdu Public Security Bureau
Hong Kong Police Force
Tianjin Municipal Prison Administration
Xinjiang Energy Saving Technology Service Co., Ltd.
Xinjiang Tianshan Cement Co., Ltd.
Xinjiang Goldwind Science & Technology Co., Ltd.
Xinjiang Guanghui Industry Investment Group
Xinjiang Tianye Water Saving Irrigation System Co.
Xinjiang Airlines Catering Co.
Xinjiang International Expo Center
Xinjiang Medical University
Xinjiang Uyghur Autonomous Region Tourism Development Co.
Camel Active GmbH
Camel Trading Co., Ltd.
Dahuang Trading Co., Ltd.
Megaview Analytics Ltd.
Cloudwise Software Inc.
Western Digital Corporation
Western Union Financial Services
Western Electric Company
Century 21 Real Estate
Sunshine Coast Trading Pty Ltd
Union Pacific Railroad
Oasis Outdoor Furniture GmbH
Golden Sun Solar Co.
Hua Fu Restaurant Ltd.
Huawei Technologies Co., Ltd.
Lenovo Group Limited
BYD Company Limited
Haier Smart Home Co., Ltd.
Xiaomi Corporation
Alibaba Group Holding Limited
Tencent Holdings Limited
Baidu, Inc.
JD.com, Inc.
Meituan
Anta Sports Products Limited
Li Ning Company Limited
Midea Group Co., Ltd.
Gree Electric Appliances Inc. of Zhuhai
Zhejiang Geely Holding Group
Hangzhou Wahaha Group Co., Ltd.
Hangzhou Robam Appliances Co., Ltd.
Zhejiang Supor Co., Ltd.
Beijing Jingdong Century Trading Co., Ltd.
Beijing Kingsoft Office Software
Shenzhen Mindray Bio-Medical Electronics Co., Ltd.
Shenzhen Inovance Technology Co., Ltd.
Xiamen Airlines Company Limited
Xiamen C&D Inc.
Nanjing Iron and Steel Company Limited
Hefei BOE Optoelectronics Technology Co., Ltd.
Anhui Conch Cement Company Limited
Shandong Weiqiao Pioneering Group
Henan Shuanghui Investment & Development Co.
Sichuan Changhong Electric Co., Ltd.
Dalian Wanda Group
Tianjin Port Holdings Co., Ltd.
Hunan Sany Heavy Industry Co., Ltd.
China Mobile Communications Group
China Telecom Corporation Limited
China Unicom Hong Kong
China National Petroleum Corporation
China State Construction Engineering Corporation
China Cotton Association
China National Textile and Apparel Council
Bosch (China) Investment Ltd.
Siemens Ltd., China
Volkswagen (China) Investment Co., Ltd.
Nestlé (China) Ltd.
Meridian Genomics AG
Nordic Textiles AB
Acme Trading GmbH
Kashgar Tourism Development Co., Ltd.
Aksu Fruit Trading Co., Ltd.
Hotan Jade Market Management Co.
Changji Hotel Management Co.
Urumqi Metro Co., Ltd.
Turpan Grape Wine Co., Ltd.
Hami Melon Growers Cooperative
Karamay Oilfield Services Co.
Shihezi University
Tacheng Trade Fair Co.
Yili Lavender Farms Co.
Lop Nur Salt Company
Korla Pear Exporters Co.
Aksu Cotton Gin Cooperative
Xinjiang Silk Road Travel Agency
Silk Road Fund Co., Ltd.
Red Star Macalline Group
Blue Moon Group Holdings
Star Garment Group
Great Wall Motor Company Limited
First Automobile Works
New Hope Liuhe Co., Ltd.
East Hope Group Co., Ltd.
Hope Education Group
Sunny Optical Technology (Group) Company Limited
Goertek Inc.
Luxshare Precision Industry Co., Ltd.
Foxconn Industrial Internet Co., Ltd.
上海市公安局
北京市公安局
广州市公安局
新疆天山水泥股份有限公司
新疆金风科技股份有限公司
杭州娃哈哈集团有限公司
北京百度网讯科技有限公司
深圳市腾讯计算机系统有限公司
阿里巴巴(中国)有限公司
华为技术有限公司
小米科技有限责任公司
浙江吉利控股集团有限公司
新疆医科大学
喀什旅游发展有限公司
大黄贸易有限公司
骆驼户外用品有限公司
西部数据公司
"""


def _core(cjk: str) -> str:
    core = cjk
    for suffix in CJK_LEGAL:
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    return core


def _no_place(cjk: str) -> str:
    core = _core(cjk)
    for place in CJK_PLACES:
        if core.startswith(place) and len(core) > len(place) + 1:
            return core[len(place) :]
    return core


def _pinyin(cjk: str) -> str:
    from pypinyin import lazy_pinyin

    core = _core(cjk)
    return " ".join(word.capitalize() for word in lazy_pinyin(core))


def _traditional(cjk: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(cjk)


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _typo(name: str, rng: random.Random) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= 7 and w not in PLACE_WORDS]
    words = [w for w in words if w.lower() not in {"technology", "technologies", "information", "development"}]
    if not words:
        return None
    word = max(words, key=len)
    i = rng.randrange(1, len(word) - 2)
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return name.replace(word, typo, 1)


def _other_form(name: str, rng: random.Random) -> str:
    base = LEGAL.sub("", name).strip().rstrip(",")
    return f"{base} {rng.choice(FORMS)}"


def _city_moved(name: str) -> str | None:
    words = name.split()
    if len(words) >= 3 and words[0] in PLACE_WORDS:
        base = LEGAL.sub("", " ".join(words[1:])).strip().rstrip(",")
        return f"{base} ({words[0]}) Co., Ltd."
    return None


def build() -> list[dict[str, str]]:
    rng = random.Random(20261129)
    rows = list(csv.DictReader(LIST.open(encoding="utf-8")))
    cases: list[dict[str, str]] = []

    def add(name: str, local: str, expected: str, kind: str) -> None:
        cases.append({"name": name, "name_local": local, "expected": expected, "kind": kind})

    for row in rows:
        name = row["name"].strip()
        aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
        local = next((a for a in aliases if CJK.search(a)), "")
        latin_aliases = [a for a in aliases if not CJK.search(a)]
        if row["category"] == "security" and "Public Security Bureau" in name:
            place = name.split()[0]
            if "Production and Construction Corps" in name:
                add("XPCC PSB", "", name, "abbreviation")
            else:
                add(f"{place} PSB" if place != "Xinjiang" else "XUAR PSB", "", name, "abbreviation")
            if local:
                add("", _traditional(local), name, "traditional")
            continue
        add(_other_form(name, rng), "", name, "legal form")
        moved = _city_moved(name)
        if moved:
            add(moved, "", name, "word order")
        typo = _typo(name, rng)
        if typo and len(cases) % 2 == 0:
            add(typo, "", name, "typo")
        if len(cases) % 5 == 0:
            add(_full_width(LEGAL.sub("", name).strip().rstrip(",")), "", name, "full-width")
        if local:
            add("", _traditional(local), name, "traditional")
            short = _no_place(local)
            if short != _core(local):
                add("", short, name, "short form")
            add(_pinyin(local), "", name, "pinyin")
        if name in PARENTS:
            add(f"{PARENTS[name]} (Xinjiang) Trading Co., Ltd.", "", name, "subsidiary")
            add(PARENTS[name], "", name, "short name")
        if latin_aliases and len(cases) % 3 == 0:
            add(latin_aliases[0], "", name, "alias")
    for negative in NEGATIVES.strip().splitlines():
        negative = negative.strip()
        if CJK.search(negative):
            add("", negative, "", "negative")
        else:
            add(negative, "", "", "negative")
    return cases


def main() -> None:
    cases = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "name_local", "expected", "kind"])
        writer.writeheader()
        writer.writerows(cases)
    positives = [case for case in cases if case["expected"]]
    print(
        f"{len(cases)} cases: {len(positives)} positives across {len({c['expected'] for c in positives})} listed "
        f"entities, {len(cases) - len(positives)} negatives -> {OUT.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
