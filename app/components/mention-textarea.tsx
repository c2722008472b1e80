"use client";
import { useQuery } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useState, type ComponentProps, type KeyboardEvent } from "react";
import { pick } from "../lib/localized";
import { useTRPC } from "../lib/trpc";
import { TextArea } from "./ui/text-area";

/** "@" followed by what is being typed, right before the caret. */
const typing = /(^|\s)@([^\s@[\]()]{1,40})$/u;

/**
 * The comment body field with mention suggestions: typing "@" and part of a name lists matching
 * people; picking one inserts `@[name](person:id)`, which the server renders as a link to their profile.
 */
export function MentionTextArea({
  value,
  onChange,
  ...props
}: Omit<ComponentProps<typeof TextArea>, "onChange" | "value"> & { value: string; onChange: (value: string) => void }) {
  const locale = useLocale();
  const trpc = useTRPC();
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = useQuery({
    ...trpc.people.mentionCandidates.queryOptions({ query: query ?? "" }),
    enabled: query !== null,
    staleTime: 30_000,
  });
  const people = query !== null ? (suggestions.data ?? []) : [];
  const listId = `${props.id ?? "mention"}-suggestions`;

  function track(text: string, caret: number) {
    const match = typing.exec(text.slice(0, caret));
    setQuery(match ? (match[2] ?? null) : null);
    setActive(0);
  }

  function pickPerson(person: { id: number; displayName: string }) {
    const field = props.id ? (document.getElementById(props.id) as HTMLTextAreaElement | null) : null;
    const caret = field?.selectionStart ?? value.length;
    const before = value
      .slice(0, caret)
      .replace(
        typing,
        (_m, space: string) => `${space}@[${person.displayName.replace(/[[\]]/g, "")}](person:${person.id}) `,
      );
    const next = before + value.slice(caret);
    onChange(next);
    setQuery(null);
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(before.length, before.length);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (people.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i + (event.key === "ArrowDown" ? 1 : people.length - 1)) % people.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pickPerson(people[active]!);
    } else if (event.key === "Escape") {
      setQuery(null);
    }
  }

  return (
    <div className="relative">
      <TextArea
        {...props}
        value={value}
        role="combobox"
        aria-expanded={people.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={people.length > 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setQuery(null), 150)}
      />
      {people.length > 0 ? (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-20 mt-1 max-h-60 w-72 max-w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          data-testid="mention-suggestions"
        >
          {people.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-brand-50 text-brand-800" : "text-slate-800"}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pickPerson(person);
              }}
            >
              <span className="font-medium">{person.displayName}</span>
              <span className="ml-2 text-xs text-slate-500">{pick(locale, person.region, "name")}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
