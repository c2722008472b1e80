"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useRef, useState, type ChangeEvent } from "react";
import { imageTypes, type AttachmentType } from "@/shared/attachment-vocabulary";
import { streamKey } from "@/server/domain/stream-access";
import type { AttachmentList, AttachmentView, ParentRef } from "@/server/features/attachments/contract";
import { Alert, Card, Skeleton } from "@/app/components/ui/card";
import { buttonClasses } from "@/app/components/ui/button";
import { describeError } from "@/app/lib/errors";
import { useLiveStream } from "@/app/lib/realtime";
import { useTRPC } from "@/app/lib/trpc";
import { uploadFile, withAttachment } from "./upload";

const typeColour: Record<AttachmentType, string> = {
  pdf: "bg-red-100 text-red-800",
  png: "bg-emerald-100 text-emerald-800",
  jpeg: "bg-emerald-100 text-emerald-800",
  gif: "bg-emerald-100 text-emerald-800",
  webp: "bg-emerald-100 text-emerald-800",
  docx: "bg-blue-100 text-blue-800",
  doc: "bg-blue-100 text-blue-800",
  xlsx: "bg-green-100 text-green-800",
  xls: "bg-green-100 text-green-800",
  csv: "bg-green-100 text-green-800",
  pptx: "bg-orange-100 text-orange-800",
  ppt: "bg-orange-100 text-orange-800",
};

function TypeIcon({ type }: { type: AttachmentType }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex h-10 w-12 shrink-0 items-center justify-center rounded text-xs font-bold uppercase ${typeColour[type]}`}
    >
      {type === "jpeg" ? "jpg" : type}
    </span>
  );
}

function useSize() {
  const format = useFormatter();
  return (bytes: number) =>
    bytes < 1024 * 1024
      ? format.number(Math.max(bytes / 1024, 0.1), { style: "unit", unit: "kilobyte", maximumFractionDigits: 1 })
      : format.number(bytes / (1024 * 1024), { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
}

/**
 * A page's files: list (type, size, versions, who and when), image thumbnails, PDFs and images
 * opening in the browser, and, for those who may change the page, upload with progress. A file
 * added by someone else arrives on the parent's live stream and is put into the list.
 */
export function AttachmentsPanel({
  parent,
  signedIn,
  embedded = false,
}: {
  parent: ParentRef;
  /** False shows a sign-in hint; undefined (unknown) shows none. */
  signedIn?: boolean;
  /** Inside another card (a milestone's row): no card of its own, a smaller heading. */
  embedded?: boolean;
}) {
  const t = useTranslations("attachments");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const queryKey = trpc.attachments.list.queryKey({ parent });
  const list = useQuery(trpc.attachments.list.queryOptions({ parent }));
  // Projects and meetings have live streams (carrying their own visibility); the other parents refetch.
  const stream =
    parent.kind === "project" || parent.kind === "meeting" ? streamKey({ kind: parent.kind, id: parent.id }) : null;
  useLiveStream(list.data ? stream : null, {
    onEvent: (event) => {
      if (event.type !== "attachment:added") return;
      const { attachment, parent: on } = event.payload;
      if (on.kind !== parent.kind || on.id !== parent.id) return;
      queryClient.setQueryData(queryKey, (data: AttachmentList | undefined) =>
        data ? { ...data, items: withAttachment(data.items, attachment) } : data,
      );
    },
    onResync: () => void list.refetch(),
  });

  const Heading = embedded ? "h5" : "h2";
  const body = (
    <section aria-labelledby={`attachments-${parent.kind}-${parent.id}`}>
      <Heading
        id={`attachments-${parent.kind}-${parent.id}`}
        className={embedded ? "sr-only" : "mb-3 font-semibold text-slate-900"}
      >
        {t("title")}
      </Heading>
      {list.isError ? (
        <Alert>{describeError(list.error, tErrors)}</Alert>
      ) : !list.data ? (
        <Skeleton lines={2} />
      ) : (
        <Files
          data={list.data}
          parent={parent}
          signedIn={signedIn}
          onUploaded={(attachment) =>
            queryClient.setQueryData(queryKey, (data: AttachmentList | undefined) =>
              data ? { ...data, items: withAttachment(data.items, attachment) } : data,
            )
          }
        />
      )}
    </section>
  );
  return embedded ? body : <Card>{body}</Card>;
}

/** A milestone's files behind a toggle, so a results list does not load every milestone's files at once. */
export function MilestoneFiles({ milestoneId }: { milestoneId: number }) {
  const t = useTranslations("attachments");
  const [open, setOpen] = useState(false);
  return (
    <div className="w-full">
      <button
        type="button"
        className="text-xs text-brand-700 hover:underline"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        {t("title")}
      </button>
      {open ? (
        <div className="mt-2 rounded border border-slate-200 p-3">
          <AttachmentsPanel parent={{ kind: "milestone", id: milestoneId }} embedded />
        </div>
      ) : null}
    </div>
  );
}

function Files({
  data,
  parent,
  signedIn,
  onUploaded,
}: {
  data: AttachmentList;
  parent: ParentRef;
  signedIn: boolean | undefined;
  onUploaded: (attachment: AttachmentView) => void;
}) {
  const t = useTranslations("attachments");
  const size = useSize();
  return (
    <div className="space-y-4">
      {data.items.length === 0 ? (
        <p className="text-sm text-slate-500">{data.canUpload ? t("emptyCanUpload") : t("empty")}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="attachment-list">
          {data.items.map((item) => (
            <FileRow
              key={item.id}
              item={item}
              parent={parent}
              canUpload={data.canUpload}
              maxBytes={data.maxBytes}
              onUploaded={onUploaded}
            />
          ))}
        </ul>
      )}
      {data.canUpload ? (
        <Uploader parent={parent} maxBytes={data.maxBytes} onUploaded={onUploaded} label={t("upload")} />
      ) : signedIn === false ? (
        <p className="text-xs text-slate-500">{t("signInToUpload")}</p>
      ) : null}
      {data.canUpload ? (
        <p className="text-xs text-slate-500">{t("uploadHint", { size: size(data.maxBytes) })}</p>
      ) : null}
    </div>
  );
}

function FileRow({
  item,
  parent,
  canUpload,
  maxBytes,
  onUploaded,
}: {
  item: AttachmentView;
  parent: ParentRef;
  canUpload: boolean;
  maxBytes: number;
  onUploaded: (attachment: AttachmentView) => void;
}) {
  const t = useTranslations("attachments");
  const format = useFormatter();
  const size = useSize();
  const [showVersions, setShowVersions] = useState(false);
  const href = `/api/attachments/${item.id}`;
  const image = imageTypes.includes(item.type);
  const inline = image || item.type === "pdf";
  return (
    <li className="py-3">
      <div className="flex items-start gap-3">
        {image ? (
          <a href={href} target="_blank" rel="noopener" className="shrink-0">
            {/* eslint-disable-next-line @next/next/no-img-element -- served by our own route with the parent's access check */}
            <img
              src={`${href}?version=${item.latestVersion}`}
              alt={t("preview", { name: item.name })}
              loading="lazy"
              className="h-12 w-12 rounded border border-slate-200 object-cover"
            />
          </a>
        ) : (
          <TypeIcon type={item.type} />
        )}
        <div className="min-w-0 flex-1">
          <a
            href={inline ? href : `${href}?download=1`}
            target={inline ? "_blank" : undefined}
            rel={inline ? "noopener" : undefined}
            className="break-all font-medium text-brand-700 hover:underline"
          >
            {item.name}
          </a>
          <p className="text-xs text-slate-500">
            {t("meta", {
              size: size(item.sizeBytes),
              type: t(`types.${item.type}`),
              who: item.uploadedBy.displayName,
              when: format.dateTime(new Date(item.uploadedAt), { dateStyle: "medium", timeStyle: "short" }),
            })}
          </p>
          <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
            {inline ? (
              <a href={`${href}?download=1`} className="text-brand-700 hover:underline">
                {t("download")}
              </a>
            ) : null}
            {item.latestVersion > 1 ? (
              <button
                type="button"
                className="text-brand-700 hover:underline"
                aria-expanded={showVersions}
                onClick={() => setShowVersions((v) => !v)}
              >
                {showVersions
                  ? t("hideVersions")
                  : `${t("showVersions")} (${t("versionCount", { count: item.latestVersion })})`}
              </button>
            ) : (
              <span className="text-slate-500">{t("versionCount", { count: 1 })}</span>
            )}
          </div>
          {showVersions ? <Versions attachmentId={item.id} /> : null}
          {canUpload ? (
            <div className="mt-2">
              <Uploader
                parent={parent}
                maxBytes={maxBytes}
                attachmentId={item.id}
                onUploaded={onUploaded}
                label={t("newVersion")}
                ariaLabel={t("newVersionOf", { name: item.name })}
                small
              />
            </div>
          ) : null}
        </div>
      </div>
    </li>
  );
}

function Versions({ attachmentId }: { attachmentId: number }) {
  const t = useTranslations("attachments");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const format = useFormatter();
  const size = useSize();
  const versions = useQuery(trpc.attachments.versions.queryOptions({ attachmentId }));
  if (versions.isError) return <Alert>{describeError(versions.error, tErrors)}</Alert>;
  if (!versions.data) return <Skeleton lines={1} />;
  return (
    <ol className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-xs" reversed>
      {[...versions.data.versions].reverse().map((v) => (
        <li key={v.version}>
          <a
            href={`/api/attachments/${attachmentId}?version=${v.version}&download=1`}
            className="text-brand-700 hover:underline"
          >
            {t("versionLabel", { version: v.version })}
          </a>{" "}
          <span className="text-slate-500">
            {t("versionMeta", {
              name: v.name,
              size: size(v.sizeBytes),
              who: v.uploadedBy.displayName,
              when: format.dateTime(new Date(v.uploadedAt), { dateStyle: "medium", timeStyle: "short" }),
            })}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Uploader({
  parent,
  maxBytes,
  attachmentId,
  onUploaded,
  label,
  ariaLabel,
  small = false,
}: {
  parent: ParentRef;
  maxBytes: number;
  attachmentId?: number;
  onUploaded: (attachment: AttachmentView) => void;
  label: string;
  ariaLabel?: string;
  small?: boolean;
}) {
  const t = useTranslations("attachments");
  const tErrors = useTranslations("errors");
  const size = useSize();
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setError(null);
    setDone(null);
    if (file.size > maxBytes) {
      setError(t("errors.ATTACHMENT_TOO_LARGE", { size: size(maxBytes) }));
      return;
    }
    setProgress({ name: file.name, percent: 0 });
    const outcome = await uploadFile(parent, file, {
      attachmentId,
      onProgress: (percent) => setProgress({ name: file.name, percent }),
    });
    setProgress(null);
    if (outcome.ok) {
      onUploaded(outcome.attachment);
      setDone(t("uploaded", { name: outcome.attachment.name }));
    } else if (outcome.reason === "ATTACHMENT_TOO_LARGE") {
      setError(t("errors.ATTACHMENT_TOO_LARGE", { size: size(maxBytes) }));
    } else if (outcome.reason && tErrors.has(`reasons.${outcome.reason}`)) {
      setError(tErrors(`reasons.${outcome.reason}`));
    } else {
      setError(outcome.status === 0 ? t("errors.network") : t("errors.failed"));
    }
  }

  return (
    <div className="space-y-2">
      <label
        htmlFor={inputId}
        className={`${buttonClasses(small ? "secondary" : "primary", "sm")} cursor-pointer focus-within:ring-2`}
      >
        {label}
        <input
          ref={input}
          id={inputId}
          type="file"
          className="sr-only"
          aria-label={ariaLabel ?? label}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
          disabled={progress !== null}
          accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp,.csv"
          onChange={(event) => void onChange(event)}
        />
      </label>
      {progress ? (
        <div role="status" className="space-y-1">
          <p className="text-xs text-slate-600">{t("uploading", { name: progress.name, percent: progress.percent })}</p>
          <progress className="h-2 w-full" max={100} value={progress.percent} aria-label={progress.name} />
        </div>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {done ? (
        <p role="status" className="text-sm text-emerald-700">
          {done}
        </p>
      ) : null}
    </div>
  );
}
