def csv_bytes(*rows: str, bom: bool = False) -> bytes:
    header = "name,name_local,category,city,region,country,relationship,products,since,disclosed,withheld_reason"
    text = "\n".join([header, *rows]) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
