"use client";
import { useTranslations } from "next-intl";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { Button } from "./button";

export interface ConfirmOptions {
  /** The question, in the reader's language. */
  message: string;
  /** The button that goes ahead; "Confirm" when not given. */
  confirmLabel?: string;
  /** "danger" for actions that cannot be undone. */
  tone?: "primary" | "danger";
}

type Ask = (options: ConfirmOptions) => Promise<boolean>;

const ConfirmContext = createContext<Ask | null>(null);

/** `const confirm = useConfirm(); if (!(await confirm({ message }))) return;` — the page's one dialog. */
export function useConfirm(): Ask {
  const ask = useContext(ConfirmContext);
  if (!ask) throw new Error("useConfirm needs a ConfirmProvider above it");
  return ask;
}

interface Pending extends ConfirmOptions {
  resolve: (answer: boolean) => void;
  /** Where focus was when the question was asked; it goes back there when the dialog closes. */
  returnTo: HTMLElement | null;
}

/**
 * One accessible confirmation dialog for the whole app, in place of the browser's confirm(): a modal
 * <dialog> (the page behind is inert), labelled by its question, Tab kept inside, Escape cancels, and
 * focus returns to the control that asked.
 */
export function ConfirmProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = useCallback<Ask>(
    (options) =>
      new Promise<boolean>((resolve) => {
        const active = typeof document !== "undefined" ? document.activeElement : null;
        setPending({ ...options, resolve, returnTo: active instanceof HTMLElement ? active : null });
      }),
    [],
  );
  return (
    <ConfirmContext.Provider value={ask}>
      {children}
      {pending ? (
        <ConfirmDialog
          key={pending.message}
          options={pending}
          onAnswer={(answer) => {
            setPending(null);
            pending.resolve(answer);
            // After React removes the dialog, so the browser does not move focus again.
            requestAnimationFrame(() => pending.returnTo?.focus());
          }}
        />
      ) : null}
    </ConfirmContext.Provider>
  );
}

function ConfirmDialog({ options, onAnswer }: { options: ConfirmOptions; onAnswer: (answer: boolean) => void }) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const messageId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe choice has the focus, so Enter on a stray key press does not go ahead.
    dialog?.querySelector<HTMLButtonElement>("[data-confirm-cancel]")?.focus();
  }, []);

  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !ref.current) return;
    const buttons = Array.from(ref.current.querySelectorAll<HTMLButtonElement>("button:not([disabled])"));
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      data-testid="confirm-dialog"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      onCancel={(event) => {
        // Escape: answer "no" ourselves rather than let the browser close it behind React's back.
        event.preventDefault();
        onAnswer(false);
      }}
      onKeyDown={keepFocusInside}
    >
      <h2 id={titleId} className="text-base font-semibold">
        {t("confirmTitle")}
      </h2>
      <p id={messageId} className="mt-2 text-sm text-slate-700">
        {options.message}
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button data-confirm-cancel type="button" variant="secondary" onClick={() => onAnswer(false)}>
          {t("cancel")}
        </Button>
        <Button type="button" variant={options.tone === "danger" ? "danger" : "primary"} onClick={() => onAnswer(true)}>
          {options.confirmLabel ?? t("confirm")}
        </Button>
      </div>
    </dialog>
  );
}
