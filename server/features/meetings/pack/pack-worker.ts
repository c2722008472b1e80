import { parentPort } from "node:worker_threads";
import type { Locale } from "@/shared/vocabulary";
import type { MeetingPack } from "./pack";
import { renderPackPdf } from "./pack-pdf";

/** Draws meeting pack PDFs on their own thread (see pack-render.ts); the fonts stay loaded between jobs. */
const port = parentPort;
if (!port) throw new Error("pack-worker must run as a worker thread");

port.on("message", (job: { id: number; pack: MeetingPack; locale: Locale }) => {
  renderPackPdf(job.pack, job.locale).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
      port.postMessage({ id: job.id, pdf: bytes }, [bytes.buffer]);
    },
    (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
port.postMessage("ready");
