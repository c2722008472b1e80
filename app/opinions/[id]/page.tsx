import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { RoundView } from "@/app/_features/opinions/round-view";
import { currentUser, serverCaller } from "../../lib/server";

/** The round of the route, read once per request for the title and the 404; malformed ids are a 404 too. */
const loadRound = cache(async (id: string) => {
  const roundId = Number(id);
  if (!Number.isSafeInteger(roundId) || roundId <= 0) notFound();
  const caller = await serverCaller();
  return caller.opinions.get({ roundId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [round, t] = await Promise.all([loadRound((await params).id), getTranslations("opinions.page")]);
  return { title: t("title", { question: round.round.question.slice(0, 80) }) };
}

export default async function OpinionRoundPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [round, user] = await Promise.all([loadRound(id), currentUser()]);
  return (
    <div className="mx-auto max-w-5xl">
      <RoundView roundId={round.round.id} viewer={user ? { id: user.id, role: user.role } : null} />
    </div>
  );
}
