import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getTranslations } from "next-intl/server";
import { PostingView } from "@/app/_features/talent/posting-view";
import { PageHeader } from "../../components/ui/card";
import { currentUser, serverCaller } from "../../lib/server";

const loadPosting = cache(async (id: string) => {
  const postingId = Number(id);
  if (!Number.isSafeInteger(postingId) || postingId <= 0 || postingId > 2_147_483_647) notFound();
  const caller = await serverCaller();
  return caller.talent.get({ postingId }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  });
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { posting } = await loadPosting((await params).id);
  return { title: posting.title };
}

export default async function PostingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ posting }, t, user] = await Promise.all([loadPosting(id), getTranslations("talent"), currentUser()]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href="/talent" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={posting.title} />
      <PostingView postingId={posting.id} viewerId={user?.id ?? null} />
    </div>
  );
}
