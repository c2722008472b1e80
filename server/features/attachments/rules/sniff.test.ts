import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyFile, looksLikeCsv } from "./sniff";
import { cleanFileName, downloadName, servingHeaders } from "./serving";

const bytes = (text: string) => new TextEncoder().encode(text);
const none = new Uint8Array();

describe("classifyFile", () => {
  it("takes binary types only from the detected content, whatever the file is called", () => {
    expect(classifyFile({ detected: "pdf", head: none, tail: none })).toBe("pdf");
    expect(classifyFile({ detected: "jpg", head: none, tail: none })).toBe("jpeg");
    expect(classifyFile({ detected: "xlsx", head: none, tail: none })).toBe("xlsx");
    // Real types outside the allow-list are refused.
    for (const ext of ["exe", "zip", "svg", "html", "mp4", "elf", "7z"])
      expect(classifyFile({ detected: ext, head: none, tail: none })).toBeNull();
  });

  it("tells legacy Word, Excel and PowerPoint apart by their stream names, and refuses other OLE files", () => {
    const ole = (stream: string, where: "head" | "tail") => {
      const name = new Uint8Array(Buffer.from(stream, "utf16le"));
      return { detected: "cfb", head: where === "head" ? name : none, tail: where === "tail" ? name : none };
    };
    expect(classifyFile(ole("WordDocument", "head"))).toBe("doc");
    expect(classifyFile(ole("Workbook", "tail"))).toBe("xls");
    expect(classifyFile(ole("PowerPoint Document", "head"))).toBe("ppt");
    expect(classifyFile(ole("__substg1.0_0037001F", "head"))).toBeNull();
    // The name in 8-bit text is not an OLE directory entry.
    expect(classifyFile({ detected: "cfb", head: bytes("WordDocument"), tail: none })).toBeNull();
  });

  it("accepts CSV text and refuses binary or unseparated text", () => {
    expect(classifyFile({ detected: undefined, head: bytes("地区,项目\n上海,3\n"), tail: none })).toBe("csv");
    expect(looksLikeCsv(bytes("\uFEFFa;b\r\n1;2\r\n"))).toBe(true);
    expect(looksLikeCsv(bytes("a\tb\n"))).toBe(true);
    expect(looksLikeCsv(bytes("just a line of prose\n"))).toBe(false);
    expect(looksLikeCsv(bytes("<script>alert(1)</script>,x"))).toBe(true);
    expect(looksLikeCsv(Uint8Array.from([0x61, 0x2c, 0x00, 0x62]))).toBe(false);
    expect(looksLikeCsv(Uint8Array.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]))).toBe(false);
    expect(looksLikeCsv(none)).toBe(false);
  });

  it("keeps a CSV whose sample was cut inside a multi-byte character", () => {
    const full = bytes("名称,数量\n深圳,1\n深圳,2");
    expect(looksLikeCsv(full.subarray(0, full.length - 1))).toBe(true);
  });

  it("never accepts bytes with a NUL as CSV (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(200), (random, at) => {
        const sample = Uint8Array.from([...random.subarray(0, at), 0, ...random.subarray(at)]);
        return classifyFile({ detected: undefined, head: sample, tail: none }) === null;
      }),
    );
  });
});

describe("serving", () => {
  it("cleans names of paths and control characters", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\Users\\a\\会议纪要.docx")).toBe("会议纪要.docx");
    expect(cleanFileName('a"b<c>\u0000.pdf')).toBe("abc.pdf");
    expect(cleanFileName("..")).toBe("file");
  });

  it("names a download with the sniffed type's extension", () => {
    expect(downloadName("report", "pdf")).toBe("report.pdf");
    expect(downloadName("photo.JPG", "jpeg")).toBe("photo.JPG");
    expect(downloadName("evil.html", "png")).toBe("evil.html.png");
  });

  it("opens PDFs and images inline, downloads everything else, always with nosniff and a CSP", () => {
    const pdf = servingHeaders({ name: "计划.pdf", type: "pdf", sizeBytes: 10 }, false);
    expect(pdf["content-disposition"]).toBe(
      `inline; filename="__.pdf"; filename*=UTF-8''${encodeURIComponent("计划.pdf")}`,
    );
    expect(pdf["content-type"]).toBe("application/pdf");
    expect(servingHeaders({ name: "a.png", type: "png", sizeBytes: 1 }, true)["content-disposition"]).toMatch(
      /^attachment;/,
    );
    const sheet = servingHeaders({ name: "a.xlsx", type: "xlsx", sizeBytes: 1 }, false);
    expect(sheet["content-disposition"]).toMatch(/^attachment;/);
    expect(sheet["x-content-type-options"]).toBe("nosniff");
    expect(sheet["content-security-policy"]).toContain("sandbox");
    expect(servingHeaders({ name: "x.csv", type: "csv", sizeBytes: 1 }, false)["content-type"]).toBe(
      "text/csv; charset=utf-8",
    );
  });
});
