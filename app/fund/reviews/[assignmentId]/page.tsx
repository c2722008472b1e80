import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { orNotFound, routeId } from "@/app/_features/fund/load";
import { currentUser, serverCaller } from "../../../lib/server";
import { ReviewForm } from "./review-form";

async function loadAssignment(raw: string) {
  const caller = await serverCaller();
  return orNotFound(caller.fund.assignment({ assignmentId: routeId(raw) }));
}

export async function generateMetadata({ params }: { params: Promise<{ assignmentId: string }> }): Promise<Metadata> {
  if (!(await currentUser())) return {};
  const [assignment, t] = await Promise.all([
    loadAssignment((await params).assignmentId),
    getTranslations("fund.reviews"),
  ]);
  return { title: t("pageTitle", { title: assignment.project.title }) };
}

export default async function ReviewPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  if (!(await currentUser())) redirect(`/sign-in?callbackUrl=/fund/reviews/${encodeURIComponent(assignmentId)}`);
  const [assignment, t] = await Promise.all([loadAssignment(assignmentId), getTranslations("fund.reviews")]);
  return (
    <div className="space-y-6">
      <Link href="/fund/reviews" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <ReviewForm initial={assignment} />
    </div>
  );
}
