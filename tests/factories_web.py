"""Builders for saved web pages, MHTML, OFD and Big5 files used by the reader tests.

The pages imitate the markup of Chinese government portals (written here from their common
shapes, not copied from any page): a banner with accessibility links and a search box, a
navigation bar, a breadcrumb (当前位置：首页 > …), a sidebar of links, the open-government
metadata table (索引号, 主题分类, 发布机构, 生成日期, 文号, 名称, 有效性), the article with
a title, an info line (date, source, visit counter, font-size switcher), the body, print and
close links (【打印本页】【关闭窗口】), related links and a footer (主办单位, 网站标识码,
ICP备案). The body is given as HTML, so each test says which markup it exercises.
"""
from __future__ import annotations

import base64
import html
import io
import quopri
import zipfile

CHROME_MARKERS = ("网站标识码", "打印本页", "关闭窗口", "ICP备", "当前位置", "主办单位",
                  "浏览次数", "长者模式", "相关链接", "政务公开", "信息公开目录", "相关文章")

DEFAULT_METADATA = [
    ("索 引 号：", "11330302MB1234567X/2021-00123", "主题分类：", "文化、广电、新闻出版"),
    ("发布机构：", "某某区文化和旅游局", "生成日期：", "2021-06-18"),
    ("文　　号：", "某文旅〔2021〕12号", "有 效 性：", "有效"),
    ("名　　称：", None, None, None),  # the title, spanning the three cells on the right
]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def paragraphs(lines: list[str], style: str = "p") -> str:
    """Body markup for `lines`: "p" one <p> each (indented by CSS, as portals write them),
    "br" one <div> with <br>-separated lines, "mso" Word-exported paragraphs."""
    if style == "br":
        return "<div>" + "<br>\n".join(esc(line) for line in lines) + "<br></div>"
    if style == "mso":
        return "\n".join(
            '<p class=MsoNormal style="text-indent:32.0pt;mso-char-indent-count:2.0;'
            'line-height:28.0pt"><span style="font-size:16.0pt;font-family:仿宋_GB2312">'
            f'{esc(line)}<span lang=EN-US><o:p></o:p></span></span></p>' for line in lines)
    return "\n".join(f'<p style="text-indent: 2em; text-align: justify;">{esc(line)}</p>'
                     for line in lines)


def table(rows: list[list[str | None]], rowspans: dict[tuple[int, int], int] | None = None,
          colspans: dict[tuple[int, int], int] | None = None, header_tag: str = "td") -> str:
    """A <table>; a None cell is covered by a span from above or the left and is not written;
    a '\\n' in a cell becomes a <br>, a '|' a separate <p> inside the cell."""
    rowspans, colspans = rowspans or {}, colspans or {}
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
           '<tbody>']
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, value in enumerate(row):
            if value is None:
                continue
            attrs = ""
            if (r, c) in rowspans:
                attrs += f' rowspan="{rowspans[(r, c)]}"'
            if (r, c) in colspans:
                attrs += f' colspan="{colspans[(r, c)]}"'
            if "|" in value:
                inner = "".join(f"<p>{esc(part)}</p>" for part in value.split("|"))
            else:
                inner = "<br>".join(esc(part) for part in value.split("\n"))
            tag = header_tag if r == 0 else "td"
            out.append(f'<{tag} valign="center"{attrs}>{inner}</{tag}>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def metadata_table(title: str, pairs=DEFAULT_METADATA) -> str:
    rows = []
    for key1, value1, key2, value2 in pairs:
        if value1 is None:
            rows.append(f'<tr><td class="label"><b>{key1}</b></td>'
                        f'<td colspan="3">{esc(title)}</td></tr>')
        else:
            rows.append(f'<tr><td class="label"><b>{key1}</b></td><td>{esc(value1)}</td>'
                        f'<td class="label"><b>{key2}</b></td><td>{esc(value2)}</td></tr>')
    return ('<table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">'
            '<tbody>' + "".join(rows) + "</tbody></table>")


def portal_page(body: str, title: str = "某某区公共文化服务体系建设协调组成员单位职责分工",
                *, charset: str = "utf-8", declare: str = "meta", metadata: bool = True,
                site: str = "某某区人民政府", body_box: bool = True) -> bytes:
    """A whole saved portal page around `body`, encoded in `charset`.

    declare: "meta" (<meta charset>), "http-equiv" (<meta http-equiv="Content-Type">), or
    "none" (no declaration: the reader must detect the encoding).
    body_box=False puts the body's paragraphs straight into the article box, beside its
    title, info line and buttons, as some portals do.
    """
    if declare == "meta":
        head_charset = f'<meta charset="{charset}">'
    elif declare == "http-equiv":
        head_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        head_charset = ""
    sidebar_links = "".join(f'<li><a href="/col/col{n}/index.html">{name}</a></li>' for n, name in
                            enumerate(["机构职能", "政策文件", "规划计划", "财政资金", "人事信息",
                                       "公共服务", "重点领域", "政策解读", "依申请公开",
                                       "政府信息公开年报"], start=101))
    nav_links = "".join(f'<li><a href="/col/col{n}/index.html">{name}</a></li>' for n, name in
                        enumerate(["首页", "走进某某", "政务公开", "政务服务", "互动交流",
                                   "专题专栏"], start=1))
    related = "".join(f'<li><a href="/art/2021/{n}.html">关于做好第{n}批文化活动场所开放工作的公告'
                      f'</a><span>2021-0{n}-1{n}</span></li>' for n in range(1, 5))
    meta_block = metadata_table(title) if metadata else ""
    body_open, body_close = ('<div class="TRS_Editor" id="zoom">', "</div>") if body_box else ("", "")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{head_charset}
<title>{esc(title)}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="2021-06-18 09:30">
<link rel="stylesheet" href="/css/style.css">
<style type="text/css">.xxgk_table td {{ border: 1px solid #ccc; }} #zoom p {{ line-height: 2; }}</style>
<script type="text/javascript">var pageTitle = "政务公开 当前位置 首页"; function doZoom(size) {{ document.getElementById('zoom').style.fontSize = size + 'px'; }}</script>
</head>
<body>
<div class="top">
  <div class="top-bar"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
  <a href="javascript:void(0)" id="wza">无障碍</a> | <a href="/old">长者模式</a> | <a href="/en">English</a> | <a href="/m">手机版</a></div>
  <div class="banner"><a href="/"><img src="/images/logo.png" alt="{site}门户网站"></a>
  <form action="/search" class="search"><input type="text" name="q" value="请输入关键字"><button>搜索</button></form></div>
</div>
<div class="nav"><ul>{nav_links}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col3/index.html">政务公开</a> &gt; <a href="/col/col102/index.html">政策文件</a></div>
<div class="main clearfix">
  <div class="left"><div class="side-title">信息公开目录</div><ul class="side-list">{sidebar_links}</ul>
  <div class="side-title">相关链接</div><ul><li><a href="http://www.gov.cn">中国政府网</a></li><li><a href="/city">市政府门户网站</a></li></ul></div>
  <div class="right">
    {meta_block}
    <div class="article">
      <h1 class="article-title">{esc(title)}</h1>
      <div class="article-info">发布时间：2021-06-18 09:30　信息来源：区文化和旅游局　浏览次数：<span id="hits">1024</span>　字号：[<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>]</div>
      {body_open}
{body}
      {body_close}
      <p class="article-tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】 分享到：<a href="#">微信</a> <a href="#">微博</a></p>
      <div class="qr">扫一扫在手机打开当前页</div>
    </div>
    <div class="related"><div class="related-title">相关文章</div><ul>{related}</ul></div>
  </div>
</div>
<div class="footer">
  <p><a href="/about">关于本网</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
  <p>主办单位：{site}办公室　承办单位：某某区大数据发展管理中心</p>
  <p>网站标识码：3303020001　<a href="https://beian.miit.gov.cn">浙ICP备05012345号-1</a>　<a href="#">浙公网安备 33030202000123号</a></p>
  <p>地址：某某区人民路100号　联系电话：0577-88880000</p>
</div>
</body>
</html>
"""
    # What the charset cannot hold a browser saves as a character reference.
    return page.encode(charset, errors="xmlcharrefreplace")


def login_page(charset: str = "utf-8") -> bytes:
    return f"""<html><head><meta charset="{charset}"><title>统一身份认证平台</title></head>
<body><div class="login"><h2>用户登录</h2><form><label>用户名</label><input name="u">
<label>密码</label><input type="password" name="p"><button>登录</button></form>
<a href="/reg">注册</a> | <a href="/forget">忘记密码</a></div>
<div class="footer">主办单位：某某市大数据局　网站标识码：3300000001</div></body></html>""".encode(charset)


def not_found_page() -> bytes:
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><div class="error"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p>
<a href="/">返回首页</a></div></body></html>""".encode("utf-8")


# -- MHTML ---------------------------------------------------------------------------------

def mhtml(page: bytes, charset: str = "utf-8", transfer: str = "quoted-printable",
          with_html: bool = True, location: str = "http://www.example.gov.cn/art/2021/6/18/art_1.html") -> bytes:
    """A "single file" save as browsers write it: multipart/related, the page first, then an
    image part. transfer: "quoted-printable" or "base64"."""
    boundary = "----MultipartBoundary--Xy7hQ2kLm9PzR4tW8vN3cB6dF1gJ5sA0eU----"
    if transfer == "base64":
        payload = base64.encodebytes(page)
    else:
        payload = quopri.encodestring(page)
    parts = [
        "From: <Saved by Blink>",
        "Snapshot-Content-Location: " + location,
        "Subject: =?utf-8?Q?=E8=81=8C=E8=B4=A3=E5=88=86=E5=B7=A5?=",
        "Date: Fri, 18 Jun 2021 10:00:00 +0800",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"',
        "", "",
    ]
    head = "\r\n".join(parts).encode("ascii")
    body = b""
    if with_html:
        body += (f"--{boundary}\r\nContent-Type: text/html; charset={charset}\r\n"
                 f"Content-ID: <frame-1@mhtml.blink>\r\n"
                 f"Content-Transfer-Encoding: {transfer}\r\n"
                 f"Content-Location: {location}\r\n\r\n").encode("ascii") + payload + b"\r\n"
    image = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
    body += (f"--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
             f"Content-Location: http://www.example.gov.cn/images/logo.png\r\n\r\n").encode("ascii")
    body += image + f"\r\n--{boundary}--\r\n".encode("ascii")
    return head + body


# -- OFD (GB/T 33190) ----------------------------------------------------------------------

OFD_NS = "http://www.ofdspec.org/2016"


def ofd_bytes(pages: list[list[tuple[float, float, str]]], *, size: float = 4.2,
              per_glyph_deltas: bool = True, page_box: tuple[float, float] = (210, 297)) -> bytes:
    """An OFD package whose page i holds one TextObject per (x, y, text) of pages[i], in mm
    from the top left. With per_glyph_deltas each TextCode carries DeltaX (one advance per
    glyph, as office suites write it); otherwise only X/Y of its first glyph."""
    width, height = page_box
    ofd_xml = (f'<?xml version="1.0" encoding="UTF-8"?>'
               f'<ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
               '<ofd:DocInfo><ofd:DocID>0C6F2B1A</ofd:DocID><ofd:Title>测试</ofd:Title>'
               '<ofd:Creator>factories_web</ofd:Creator></ofd:DocInfo>'
               '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    page_refs = "".join(f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                        for i in range(len(pages)))
    document_xml = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}">'
                    f'<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea>'
                    f'<ofd:PhysicalBox>0 0 {width} {height}</ofd:PhysicalBox></ofd:PageArea>'
                    '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                    f'<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
    public_res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{OFD_NS}" '
                  'BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/>'
                  '</ofd:Fonts></ofd:Res>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", ofd_xml)
        archive.writestr("Doc_0/Document.xml", document_xml)
        archive.writestr("Doc_0/PublicRes.xml", public_res)
        for i, lines in enumerate(pages):
            objects = []
            for n, (x, y, text) in enumerate(lines):
                advance = size
                box_width = advance * max(len(text), 1)
                deltas = (f' DeltaX="g {len(text) - 1} {advance:g}"'
                          if per_glyph_deltas and len(text) > 1 else "")
                # Boundary is the object's box on the page; X/Y of TextCode are relative to
                # it, Y at the baseline.
                objects.append(
                    f'<ofd:TextObject ID="{100 + n}" Boundary="{x:g} {y:g} {box_width:g} {size * 1.3:g}" '
                    f'Font="2" Size="{size:g}"><ofd:FillColor Value="0 0 0"/>'
                    f'<ofd:TextCode X="0" Y="{size:g}"{deltas}>{esc(text)}</ofd:TextCode>'
                    '</ofd:TextObject>')
            content = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}">'
                       '<ofd:Content><ofd:Layer ID="3">' + "".join(objects)
                       + '</ofd:Layer></ofd:Content></ofd:Page>')
            archive.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    return buffer.getvalue()


def lay_out_lines(lines: list[str], *, per_page: int = 40, left: float = 25.0,
                  top: float = 30.0, pitch: float = 6.0, size: float = 4.2,
                  width_chars: int = 38) -> list[list[tuple[float, float, str]]]:
    """Lines of text as positioned pieces on A4 pages: long lines wrapped at `width_chars`,
    a paragraph's first line indented by two characters, as an official document is set."""
    placed: list[tuple[float, str]] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        first = True
        while line:
            room = width_chars - (2 if first else 0)
            piece, line = line[:room], line[room:]
            placed.append(((2 * size if first else 0), piece))
            first = False
    pages = []
    for start in range(0, len(placed), per_page):
        chunk = placed[start:start + per_page]
        pages.append([(left + indent, top + k * pitch, text)
                      for k, (indent, text) in enumerate(chunk)])
    return pages


# -- traditional script --------------------------------------------------------------------

# A short duty division in traditional script, written for these tests.
TRADITIONAL_DUTIES = """某某市公共文化服務體系建設協調小組成員單位職責分工

市文化局：
1. 負責統籌全市公共文化服務體系建設，擬訂年度工作計劃並組織實施。
2. 指導圖書館、文化館、博物館做好免費開放工作。
3. 組織開展群眾文化活動，培育基層文藝團隊。
市財政局：
1. 落實公共文化服務保障經費，將所需資金納入年度預算。
2. 會同有關部門加強資金使用的監督管理。
市教育局：
1. 推動學校文化設施向社會開放。
2. 配合開展青少年閱讀推廣活動。
3. 指導中小學開展傳統文化教育。
4. 支持校園文化團隊參與社區文化活動。
"""


def table_layout_page(body: str, title: str = "某某区成员单位职责分工") -> bytes:
    """An older portal laid out with tables: the metadata table with bold labels in a frame
    table, the body in a cell of nested tables, print and close as images with onclick."""
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}_某某区人民政府门户网站</title></head><body>
<table width="1000"><tr><td><img src="logo.gif" alt="门户网站"></td><td><a href="/">首页</a>
<a href="/a">机构概况</a> <a href="/b">政务公开</a></td></tr></table>
<div class="wrap"><table width="724"><tbody><tr><td>
<table class="bd1"><tbody>
<tr><td><b>索 引 号：</b></td><td>000014349/2021-00222</td><td><b>主题分类：</b></td><td>文化</td></tr>
<tr><td><b>发文机关：</b></td><td>某某区人民政府办公室</td><td><b>成文日期：</b></td><td>2021年12月21日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">{esc(title)}</td></tr>
<tr><td><b>发文字号：</b></td><td>某政办〔2021〕43号</td><td><b>发布日期：</b></td><td>2021年12月29日</td></tr>
</tbody></table></td></tr></tbody></table>
<table width="724"><tbody><tr><td><br><table width="650"><tbody><tr><td class="b12c" id="content">
{body}</td></tr><tr><td></td></tr></tbody></table>
<div id="qr">扫一扫在手机打开当前页</div>
<table><tbody><tr><td height="60" align="center"><a href="#" onclick="window.print()"><img src="print.gif"></a>
<a href="#" onclick="window.close()"><img src="close.gif"></a></td></tr></tbody></table>
</td></tr></tbody></table></div>
<div class="footer">版权所有：某某区人民政府办公室 主办单位：某某区人民政府 网站标识码：1100000088 京ICP备05070218号</div>
</body></html>""".encode("utf-8")
