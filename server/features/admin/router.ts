import {
  activityInput,
  addClusterInput,
  addRegionInput,
  auditFilterInput,
  auditPageInput,
  blockedWordIdInput,
  blockedWordInput,
  holdSettingsInput,
  listAccountsInput,
  renameClusterInput,
  renameRegionInput,
  retireClusterInput,
  retireRegionInput,
  setChairInput,
  updateAccountInput,
} from "./contract";
import { listAccounts, setChair, updateAccount } from "./admin-accounts";
import { regionActivity } from "./admin-activity";
import { addBlockedWord, listBlockedWords, listHoldSettings, removeBlockedWord, setHoldSettings } from "./admin-forums";
import {
  addCluster,
  addRegion,
  listRegionsAtHead,
  renameCluster,
  renameRegion,
  setClusterRetired,
  setRegionRetired,
} from "./admin-regions";
import { auditActions, exportAuditCsv, listAuditEntries } from "./audit-log";
import { adminProcedure, router } from "@/server/trpc/init";

export const adminRouter = router({
  accounts: adminProcedure.input(listAccountsInput).query(({ ctx, input }) => listAccounts(ctx, input)),
  updateAccount: adminProcedure
    .input(updateAccountInput)
    .mutation(({ ctx, input }) => updateAccount(ctx, ctx.user, input)),
  setChair: adminProcedure.input(setChairInput).mutation(({ ctx, input }) => setChair(ctx, ctx.user, input)),
  // The clusters and regions with the admin stream's head from one snapshot, for the regions panel.
  regions: adminProcedure.query(({ ctx }) => listRegionsAtHead(ctx)),
  addCluster: adminProcedure.input(addClusterInput).mutation(({ ctx, input }) => addCluster(ctx, ctx.user, input)),
  renameCluster: adminProcedure
    .input(renameClusterInput)
    .mutation(({ ctx, input }) => renameCluster(ctx, ctx.user, input)),
  retireCluster: adminProcedure
    .input(retireClusterInput)
    .mutation(({ ctx, input }) => setClusterRetired(ctx, ctx.user, input)),
  addRegion: adminProcedure.input(addRegionInput).mutation(({ ctx, input }) => addRegion(ctx, ctx.user, input)),
  renameRegion: adminProcedure
    .input(renameRegionInput)
    .mutation(({ ctx, input }) => renameRegion(ctx, ctx.user, input)),
  retireRegion: adminProcedure
    .input(retireRegionInput)
    .mutation(({ ctx, input }) => setRegionRetired(ctx, ctx.user, input)),
  holdSettings: adminProcedure.query(({ ctx }) => listHoldSettings(ctx)),
  setHoldSettings: adminProcedure
    .input(holdSettingsInput)
    .mutation(({ ctx, input }) => setHoldSettings(ctx, ctx.user, input)),
  blockedWords: adminProcedure.query(({ ctx }) => listBlockedWords(ctx)),
  addBlockedWord: adminProcedure
    .input(blockedWordInput)
    .mutation(({ ctx, input }) => addBlockedWord(ctx, ctx.user, input.word)),
  removeBlockedWord: adminProcedure
    .input(blockedWordIdInput)
    .mutation(({ ctx, input }) => removeBlockedWord(ctx, ctx.user, input.id)),
  audit: adminProcedure.input(auditPageInput).query(({ ctx, input }) => listAuditEntries(ctx, input)),
  auditActions: adminProcedure.query(({ ctx }) => auditActions(ctx)),
  auditCsv: adminProcedure.input(auditFilterInput).query(({ ctx, input }) => exportAuditCsv(ctx, input)),
  activity: adminProcedure.input(activityInput).query(({ ctx, input }) => regionActivity(ctx, input.weeks)),
});
