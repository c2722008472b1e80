/*
 * What someone does on a page before its code has run, kept for the code instead of lost or done wrong.
 * The server's HTML is usable at once (the fields take typing, the buttons take clicks) while the page's
 * scripts are still arriving. Until React has hydrated a form, the browser would send it by itself (a
 * native POST to the page, which no page answers) and React would then keep its own, empty state for
 * what was typed (a controlled field shows the typed text while its state is ""; the next render wipes
 * it). This script runs first in every page (the root layout inlines it into <head>) and:
 *  - holds every `submit` of a form React has not hydrated yet (capture phase, before anything else),
 *    and submits it again (requestSubmit, with the same button) once React has;
 *  - when the page has hydrated (useHydrationSignal calls window.__xietongHydrated), hands each field
 *    whose value was changed before then to React as a change, so its state holds what is shown; a
 *    field in a part of the page that hydrates later is handed over when that part has;
 *  - when the page's code cannot arrive (one of Next's scripts failed to load, or the page loaded and
 *    nothing hydrated it within `stalledAfterMs`), puts `notLoaded` as an alert at the top of each held
 *    form and of any form sent afterwards: the person learns it was not sent, and what they typed stays.
 * It must be self-contained: it is sent as its source text, with its arguments as JSON.
 */
function preHydrationGuard(notLoaded: string, stalledAfterMs: number): void {
  type Pending = { form: HTMLFormElement; submitter: HTMLElement | null };
  const state = window as unknown as { __xietongHydrated?: () => void };
  const held: Pending[] = [];
  let pageHydrated = false;
  let replaying = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let codeMissing = false;

  // React marks each element it has hydrated with its props under a `__reactProps$<random>` key. Should a
  // React version stop doing so (body unmarked once the page has hydrated), every form counts as hydrated.
  let markerWorks = true;
  const hydrated = (element: Element) =>
    !markerWorks || Object.keys(element).some((key) => key.indexOf("__reactProps$") === 0);

  const resubmit = () => {
    timer = undefined;
    for (let i = 0; i < held.length; i++) {
      const { form, submitter } = held[i]!;
      if (!form.isConnected) {
        held.splice(i--, 1);
      } else if (hydrated(form)) {
        held.splice(i--, 1);
        replaying = true;
        try {
          form.requestSubmit(submitter);
        } catch {
          // No longer this form's submit button (the page re-rendered it): the form's default one.
          form.requestSubmit();
        } finally {
          replaying = false;
        }
      }
    }
    // A form inside a part of the page that hydrates later (its own chunk, a suspended boundary).
    if (held.length > 0) timer = setTimeout(resubmit, 50);
  };

  // The same look as the Alert component (app/components/ui/card.tsx), which cannot run here.
  const tellNotSent = (form: HTMLFormElement) => {
    if (form.querySelector("[data-not-loaded]")) return;
    const notice = document.createElement("div");
    notice.setAttribute("role", "alert");
    notice.setAttribute("data-not-loaded", "");
    notice.className = "mb-3 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800";
    notice.textContent = notLoaded;
    form.insertBefore(notice, form.firstChild);
  };
  const giveUp = () => {
    if (pageHydrated || codeMissing) return;
    codeMissing = true;
    for (const { form } of held) if (form.isConnected) tellNotSent(form);
  };
  // A script of the page's own that fails to load: React will never hydrate what it renders.
  document.addEventListener(
    "error",
    (event) => {
      const script = event.target;
      if (script instanceof HTMLScriptElement && script.src.indexOf("/_next/") !== -1) giveUp();
    },
    true,
  );
  window.addEventListener("load", () => setTimeout(giveUp, stalledAfterMs));

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (replaying || !(form instanceof HTMLFormElement)) return;
      if (pageHydrated && hydrated(form)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      // Pressed twice while waiting: sent once.
      if (!held.some((pending) => pending.form === form)) held.push({ form, submitter: event.submitter });
      if (codeMissing) tellNotSent(form);
      if (pageHydrated && timer === undefined) timer = setTimeout(resubmit, 50);
    },
    true,
  );

  // The DOM's own setters, past React's tracking of what it last saw in a field.
  const nativeSetter = (prototype: object) => {
    const descriptor: { set?: (this: HTMLElement, value: string) => void } | undefined =
      Object.getOwnPropertyDescriptor(prototype, "value");
    return descriptor!.set!;
  };
  const nativeValue = nativeSetter(HTMLInputElement.prototype);
  const nativeTextValue = nativeSetter(HTMLTextAreaElement.prototype);

  // What the person chose in each field React had not hydrated yet, as they chose it. It is handed to
  // React once React has hydrated that field: at the hydration signal, or later for a field in a part of
  // the page that hydrates after the rest (its own chunk, a suspended boundary). Kept here rather than
  // read back then, because hydrating a controlled field can reset it to its props (a select does).
  type Choice = { value: string; checked: boolean; selected: boolean[] };
  const choices = new Map<Element, Choice>();
  let choiceTimer: ReturnType<typeof setTimeout> | undefined;

  const handOver = (field: Element, choice?: Choice) => {
    if (field instanceof HTMLInputElement && /^(file|hidden|submit|reset|button|image)$/.test(field.type)) return;
    if (field instanceof HTMLInputElement && (field.type === "checkbox" || field.type === "radio")) {
      if (choice) field.checked = choice.checked;
      // A radio group is handed over through the one chosen.
      if (field.checked === field.defaultChecked || (field.type === "radio" && !field.checked)) return;
      // React hears a checkbox through `click`: make it believe the box was unchecked, then click it back.
      const checked = field.checked;
      field.checked = !checked;
      field.click();
      if (field.checked !== checked) field.checked = checked;
    } else if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
      const value = choice ? choice.value : field.value;
      if (value === field.defaultValue) return;
      // React compares a field's value with the last one it recorded (the typed one, read at hydration):
      // record "" through its own setter, then put the typed value back past it and announce an input.
      field.value = "";
      (field instanceof HTMLInputElement ? nativeValue : nativeTextValue).call(field, value);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    } else if (field instanceof HTMLSelectElement) {
      if (choice && choice.selected.length === field.options.length)
        choice.selected.forEach((selected, i) => (field.options[i]!.selected = selected));
      const changed = Array.prototype.some.call(
        field.options,
        (option: HTMLOptionElement) => option.selected !== option.defaultSelected,
      );
      if (changed) field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const handOverChoices = () => {
    choiceTimer = undefined;
    choices.forEach((choice, field) => {
      if (!field.isConnected) {
        choices.delete(field);
      } else if (hydrated(field)) {
        choices.delete(field);
        handOver(field, choice);
      }
    });
    if (choices.size > 0) choiceTimer = setTimeout(handOverChoices, 50);
  };

  const record = (event: Event) => {
    const field = event.target;
    if (!(
      field instanceof HTMLInputElement ||
      field instanceof HTMLTextAreaElement ||
      field instanceof HTMLSelectElement
    ))
      return;
    if (hydrated(field)) {
      // React hears this event itself and reads the field as it is now: an older choice must not follow it.
      choices.delete(field);
      return;
    }
    choices.set(field, {
      value: field.value,
      checked: field instanceof HTMLInputElement && field.checked,
      selected:
        field instanceof HTMLSelectElement
          ? (Array.prototype.map.call(field.options, (o: HTMLOptionElement) => o.selected) as boolean[])
          : [],
    });
    if (pageHydrated && choiceTimer === undefined) choiceTimer = setTimeout(handOverChoices, 50);
  };
  document.addEventListener("input", record, true);
  document.addEventListener("change", record, true);

  state.__xietongHydrated = () => {
    if (pageHydrated) return;
    pageHydrated = true;
    // Slow rather than missing after all: the notices go, the held forms are sent below.
    if (codeMissing) document.querySelectorAll("[data-not-loaded]").forEach((notice) => notice.remove());
    if (!hydrated(document.body)) markerWorks = false;
    // Fields changed without an event (restored by the browser, say) as they are now; the rest as chosen.
    document.querySelectorAll("input, textarea, select").forEach((field) => {
      if (!choices.has(field) && hydrated(field)) handOver(field);
    });
    handOverChoices();
    // After React has rendered the state those changes set, so the submit handler reads them.
    timer = setTimeout(resubmit, 0);
  };
}

/** How long after the page's load event the guard waits for React before it says the code is missing. */
const stalledAfterMs = 10_000;

/**
 * The guard's source, for an inline <script> that runs before anything else on the page. `notLoaded` is
 * the page language's message for a form that could not be sent (the catalogue may be what failed).
 */
export function preHydrationGuardScript(notLoaded: string): string {
  return `(${preHydrationGuard.toString()})(${JSON.stringify(notLoaded)},${stalledAfterMs})`;
}
