"""xlsxgen.py: small XLSX workbooks for the tests, written and read with the
standard library only (zipfile + ElementTree): strings as inline strings,
numbers as numbers; reading takes shared and inline strings."""
import io
import re
import zipfile
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def write(sheets):
    """sheets: [(name, [[cell, ...], ...])] → the bytes of an .xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        rels, entries = [], []
        for i, (name, rows) in enumerate(sheets, 1):
            rels.append('<Relationship Id="rId%d" Type="worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
            entries.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name, {'"': "&quot;"}), i, i))
            xml = []
            for r, row in enumerate(rows, 1):
                cells = []
                for c, v in enumerate(row, 1):
                    ref = "%s%d" % (col_letters(c), r)
                    if v is None or v == "":
                        continue
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        cells.append('<c r="%s"><v>%s</v></c>' % (ref, v))
                    else:
                        cells.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(str(v))))
                xml.append('<row r="%d">%s</row>' % (r, "".join(cells)))
            z.writestr("xl/worksheets/sheet%d.xml" % i,
                       '<?xml version="1.0"?><worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (NS["m"], "".join(xml)))
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % "".join(rels))
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="%s" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>' % (NS["m"], "".join(entries)))
    return out.getvalue()


def read(data):
    """The bytes of an .xlsx → {sheet name: {"A1": text}}."""
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    book = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        rid = sh.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = rels[rid].lstrip("/")
        path = target if target.startswith("xl/") else "xl/" + target
        cells = {}
        for c in ET.fromstring(z.read(path)).iter("{%s}c" % NS["m"]):
            t, v = c.get("t"), c.find("m:v", NS)
            if t == "s":
                cells[c.get("r")] = strings[int(v.text)]
            elif t == "inlineStr":
                cells[c.get("r")] = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
            elif v is not None:
                cells[c.get("r")] = v.text
        book[sh.get("name")] = cells
    return book


def sheet_names(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return [(sh.get("name"), sh.get("state") or "visible")
            for sh in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS)]


def set_cells(data, sheet, values):
    """A copy of the workbook with cells of one sheet set ({"C12": "text" or number or None})."""
    src = zipfile.ZipFile(io.BytesIO(data))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(src.read("xl/_rels/workbook.xml.rels"))}
    path = None
    for sh in ET.fromstring(src.read("xl/workbook.xml")).find("m:sheets", NS):
        if sh.get("name") == sheet:
            target = rels[sh.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")].lstrip("/")
            path = target if target.startswith("xl/") else "xl/" + target
    xml = src.read(path).decode()
    for ref, v in values.items():
        if v is None:
            new = ""
        elif isinstance(v, (int, float)):
            new = '<c r="%s"><v>%s</v></c>' % (ref, v)
        else:
            new = '<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v))
        cell = re.compile(r'<c r="%s"(?: [^>]*)?(?:/>|>.*?</c>)' % ref, re.S)
        if cell.search(xml):
            xml = cell.sub(lambda m: new, xml, count=1)
        else:
            row = int(re.sub(r"[A-Z]+", "", ref))
            row_rx = re.compile(r'(<row r="%d"[^>]*?)(/>|>(.*?)</row>)' % row, re.S)
            m = row_rx.search(xml)
            if m:
                inner = m.group(3) or ""
                # keep cells in column order
                def key(c):
                    letters = re.match(r'<c r="([A-Z]+)', c).group(1)
                    return (len(letters), letters)
                cells = re.findall(r'<c r="[A-Z]+\d+"(?: [^>]*)?(?:/>|>.*?</c>)', inner, re.S) + [new]
                cells.sort(key=key)
                xml = xml[:m.start()] + m.group(1) + ">" + "".join(cells) + "</row>" + xml[m.end():]
            else:
                rows = list(re.finditer(r'<row r="(\d+)"', xml))
                after = [r for r in rows if int(r.group(1)) > row]
                at = after[0].start() if after else xml.index("</sheetData>")
                xml = xml[:at] + '<row r="%d">%s</row>' % (row, new) + xml[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, xml if item.filename == path else src.read(item.filename))
    return out.getvalue()
