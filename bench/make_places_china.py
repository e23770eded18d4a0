"""Write duediligence/partners/data/places_china.yaml: China's prefecture-level divisions outside Xinjiang, so that
a partner named after a city anywhere in China ("Guilin Esquel Textile", 襄阳) is read as a company of that place,
not as a company with a brand of its own.

Source: the national standard of administrative division codes (GB/T 2260), as published on the package index in
GB2260, whose newest revision is 2013 (later changes, such as Laiwu merged into Jinan in 2019 or Danzhou made a
prefecture-level city, are not in it); read here only, never at run time; pinyin by pypinyin, as names.py reads
Chinese.
Xinjiang, and any place places.yaml already holds (by its Chinese name), are left to places.yaml, which is written
by hand with older, postal and Uyghur names.

    .venv/bin/pip install GB2260==0.4.1   # only to run this
    .venv/bin/python bench/make_places_china.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "duediligence" / "partners" / "data"
XINJIANG = 65
# Suffixes of a prefecture-level name that are not its name: 市 (city), 地区 (prefecture), 盟 (league), and an
# autonomous prefecture's peoples and 自治州 (红河哈尼族彝族自治州 -> 红河).
PEOPLES = re.compile(r"(朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|哈萨克|柯尔克孜)族$")
# Latin names of a place other than its pinyin read character by character: where pypinyin reads a character
# another way (长治 is Changzhi), and the names used in English for places named in Mongolian or Tibetan
# (public knowledge, as on the places' Wikipedia pages). An empty pinyin: the syllables are too common a word
# to be read as the place (阿里, "Ali").
NAMES = {
    "长治": ("Changzhi", []),
    "朝阳": ("Chaoyang", []),
    "漯河": ("Luohe", []),
    "吕梁": ("Lüliang", ["Lvliang"]),
    "呼伦贝尔": ("Hulunbei'er", ["Hulunbuir"]),
    "巴彦淖尔": ("Bayannao'er", ["Bayannur"]),
    "乌兰察布": ("Wulanchabu", ["Ulanqab"]),
    "兴安": ("Xing'an", ["Hinggan"]),
    "锡林郭勒": ("Xilinguole", ["Xilingol"]),
    "阿拉善": ("Alashan", ["Alxa"]),
    "齐齐哈尔": ("Qiqiha'er", ["Qiqihar"]),
    "大兴安岭": ("Daxing'anling", ["Da Hinggan Ling"]),
    "昌都": ("Changdu", ["Qamdo"]),
    "日喀则": ("Rikaze", ["Shigatse", "Xigaze"]),
    "山南": ("Shannan", ["Lhoka"]),
    "那曲": ("Naqu", ["Nagqu"]),
    "林芝": ("Linzhi", ["Nyingchi"]),
    "阿里": ("", ["Ngari"]),
}
# Short forms that are more often part of another name than the place: 阿里巴巴 is not a company of Ngari.
NO_SHORT_FORM = {"阿里"}


def short_name(name: str) -> str:
    if name.endswith("自治州"):
        short = name[: -len("自治州")]
        while PEOPLES.search(short):
            short = PEOPLES.sub("", short)
        return short
    for suffix in ("地区", "市", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def level_of(name: str) -> str:
    return "city" if name.endswith("市") else "prefecture"


def pinyin(name: str) -> str:
    syllables = lazy_pinyin(name, errors="ignore")
    # An apostrophe where a syllable starting with a vowel would run into the last (Xi'an, not Xian).
    joined = syllables[0]
    for syllable in syllables[1:]:
        joined += ("'" if syllable[0] in "aeo" else "") + syllable
    return joined.capitalize()


def main() -> int:
    try:
        from gb2260.data import data
    except ImportError:
        print("GB2260 is not installed: .venv/bin/pip install GB2260==0.4.1", file=sys.stderr)
        return 1
    revision = max(year for year in data if isinstance(year, int) and year < 10_000)
    divisions: dict[int, str] = data[revision]
    existing = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))
    known_chinese = {entry.get("zh") for entry in existing} | {
        form for entry in existing for form in entry.get("zh_short", [])
    }
    province_ids = {entry["zh"]: entry["id"] for entry in existing if entry["level"] == "province"}
    entries = []
    for code in sorted(divisions):
        name = divisions[code]
        province, prefecture, county = code // 10_000, code // 100 % 100, code % 100
        if province == XINJIANG or prefecture == 0 or county != 0 or prefecture >= 90:
            continue  # Xinjiang, provinces, counties, and the 省直辖 groups of directly-run counties
        parent = province_ids.get(divisions.get(province * 10_000, ""))
        short = short_name(name)
        if parent is None or name in known_chinese or short in known_chinese or name in ("市辖区", "县"):
            continue
        spelled, others = NAMES.get(short, (pinyin(short), []))
        slug = (spelled or others[0]).lower().replace("'", "").replace(" ", "-").replace("ü", "u")
        entries.append(
            {
                "id": f"{parent}-{slug}-{code}",
                "level": level_of(name),
                "tier": "prefectural",
                # Read as a place only at the head of a name (both ways), with its word of level, in brackets or in a
                # body's name: many are also brands in Latin script (Dali Foods is not of Dali).
                "bare": False,
                "kind": "prefecture-level city"
                if level_of(name) == "city"
                else "prefecture, league or autonomous prefecture",
                "parent": parent,
                "zh": name,
                "zh_short": [short] if short != name and short not in NO_SHORT_FORM else [],
                "pinyin": spelled,
                "names": [name for name in (spelled, *others) if name],
                "sources": [f"GB/T 2260 code {code} (GB2260 package, revision {revision})"],
            }
        )
    header = (
        "# Written by bench/make_places_china.py: China's prefecture-level divisions outside Xinjiang, from GB/T 2260\n"
        f"# (revision {revision}) with pinyin by pypinyin. Do not edit by hand: places.yaml holds the places written\n"
        "# by hand, and a place there (by its Chinese name) is left out here. Fields as in places.yaml.\n"
    )
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=120)
    (DATA / "places_china.yaml").write_text(header + text, encoding="utf-8")
    print(f"{len(entries)} places written to {DATA / 'places_china.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
