-- Names stored before names were cleaned at the door (server/domain/display-name.ts) get the same rule:
-- line breaks and tabs become spaces; controls, format characters (bidi overrides and isolates,
-- zero-width characters, BOM) and Hangul fillers are removed; NFKC; runs of spaces collapse.
-- A name left empty becomes "#<id>" rather than an invisible one.
CREATE OR REPLACE FUNCTION pg_temp.clean_display_name(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT btrim(regexp_replace(
    normalize(regexp_replace(
      regexp_replace(value, '[\t\n\v\f\r\u0085\u2028\u2029]+', ' ', 'g'),
      '[\u0001-\u001f\u007f-\u009f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u115f\u1160\u3164\uffa0\U000e0001-\U000e007f]', '', 'g'), NFKC),
    '\s+', ' ', 'g'), ' ')
$$;--> statement-breakpoint
UPDATE "accounts" SET
  "display_name" = coalesce(nullif(pg_temp.clean_display_name("display_name"), ''), '#' || "id"),
  "organisation" = pg_temp.clean_display_name("organisation")
WHERE "display_name" IS DISTINCT FROM coalesce(nullif(pg_temp.clean_display_name("display_name"), ''), '#' || "id")
   OR "organisation" IS DISTINCT FROM pg_temp.clean_display_name("organisation");--> statement-breakpoint
UPDATE "invitations" SET "organisation" = pg_temp.clean_display_name("organisation")
WHERE "organisation" IS DISTINCT FROM pg_temp.clean_display_name("organisation");
