import { streamKey } from "../../domain/stream-access";
import { readAtStreamHead } from "../../infra/realtime/catch-up";
import {
  adminProcedure,
  memberProcedure,
  publicProcedure,
  researcherProcedure,
  router,
  signedInProcedure,
} from "../../trpc/init";
import { roundChoices } from "../opinions";
import { addAgendaItem, moveAgendaItem, removeAgendaItem, updateAgendaItem } from "./agenda";
import { checkIn, register, unregister } from "./attendance";
import { addDecisionAction, answerDecision, updateDecisionAction } from "./record/confirmations";
import {
  actionStatusInput,
  addActionInput,
  addItemInput,
  packInput,
  answerDecisionInput,
  answerTimePollInput,
  calendarDateInput,
  calendarDayInput,
  calendarYearInput,
  closeTimePollInput,
  createTimePollInput,
  decisionInput,
  icsInput,
  itemIdInput,
  listMeetingsInput,
  meetingDetailsInput,
  meetingIdInput,
  minutesInput,
  moveItemInput,
  moveSpeakerInput,
  openPollInput,
  pollIdInput,
  registerFilterInput,
  registerInput,
  speakerIdInput,
  transitionInput,
  updateItemInput,
  updateMeetingInput,
  votePollInput,
} from "./contract";
import { meetingIcs } from "./calendar";
import { createMeeting, setCurrentItem, suggestedHost, transitionMeeting, updateMeeting } from "./manage-meeting";
import { meetingPackData } from "./pack/pack";
import { getMeeting, listAttendees, listMeetings } from "./read-meetings";
import { closePoll, openPoll, votePoll } from "./polls/polls";
import { decisionRegister, recordDecision, saveMinutes } from "./record/record";
import { giveFloor, lowerHand, moveSpeaker, raiseHand } from "./speakers";
import { addCalendarDay, listCalendarDays, removeCalendarDay, updateCalendarDay } from "./polls/holidays";
import { answerTimePoll, closeTimePoll, createTimePoll } from "./polls/time-poll";

/**
 * Meetings. Roles are gated here; who the caller is to the meeting (chair, registrant) and whether
 * they may see it at all are checked in the use-cases, with the account row read fresh.
 */
export const meetingsRouter = router({
  list: publicProcedure.input(listMeetingsInput).query(({ ctx, input }) => listMeetings(ctx, ctx.user, input)),
  // The meeting stream's head comes with the data, from the same snapshot: the page follows from it.
  get: publicProcedure
    .input(meetingIdInput)
    .query(({ ctx, input }) =>
      readAtStreamHead(ctx.db, streamKey({ kind: "meeting", id: input.meetingId }), (db) =>
        getMeeting(db, ctx.user, input.meetingId, ctx.now()),
      ),
    ),
  attendees: signedInProcedure
    .input(meetingIdInput)
    .query(({ ctx, input }) => listAttendees(ctx.db, ctx.user, input.meetingId)),
  suggestedHost: memberProcedure.query(({ ctx }) => suggestedHost(ctx)),
  ics: publicProcedure
    .input(icsInput)
    .query(({ ctx, input }) => meetingIcs(ctx.db, ctx.user, input.meetingId, ctx.locale, input.origin)),
  // A meeting pack (agenda or minutes) as its page shows it, by the meeting's rule and each linked object's.
  pack: publicProcedure
    .input(packInput)
    .query(({ ctx, input }) => meetingPackData(ctx.db, ctx.user, input.meetingId, ctx.now(), input.kind)),
  decisions: publicProcedure
    .input(registerFilterInput)
    .query(({ ctx, input }) => decisionRegister(ctx, ctx.user, input)),

  create: memberProcedure.input(meetingDetailsInput).mutation(({ ctx, input }) => createMeeting(ctx, ctx.user, input)),
  update: memberProcedure.input(updateMeetingInput).mutation(({ ctx, input }) => updateMeeting(ctx, ctx.user, input)),
  transition: memberProcedure
    .input(transitionInput)
    .mutation(({ ctx, input }) => transitionMeeting(ctx, ctx.user, input)),
  setCurrentItem: memberProcedure.input(itemIdInput).mutation(({ ctx, input }) => setCurrentItem(ctx, ctx.user, input)),

  // The agenda item form's picker: the opinion rounds the chair may see, under each round's own rule.
  roundChoices: memberProcedure.query(({ ctx }) => roundChoices(ctx.db, ctx.user)),
  addItem: memberProcedure.input(addItemInput).mutation(({ ctx, input }) => addAgendaItem(ctx, ctx.user, input)),
  updateItem: memberProcedure
    .input(updateItemInput)
    .mutation(({ ctx, input }) => updateAgendaItem(ctx, ctx.user, input)),
  removeItem: memberProcedure.input(itemIdInput).mutation(({ ctx, input }) => removeAgendaItem(ctx, ctx.user, input)),
  moveItem: memberProcedure.input(moveItemInput).mutation(({ ctx, input }) => moveAgendaItem(ctx, ctx.user, input)),

  // Researchers register for forums; the use-case refuses them for coordination meetings.
  register: researcherProcedure.input(registerInput).mutation(({ ctx, input }) => register(ctx, ctx.user, input)),
  unregister: researcherProcedure.input(meetingIdInput).mutation(({ ctx, input }) => unregister(ctx, ctx.user, input)),
  checkIn: researcherProcedure.input(meetingIdInput).mutation(({ ctx, input }) => checkIn(ctx, ctx.user, input)),

  raiseHand: researcherProcedure.input(meetingIdInput).mutation(({ ctx, input }) => raiseHand(ctx, ctx.user, input)),
  lowerHand: researcherProcedure.input(speakerIdInput).mutation(({ ctx, input }) => lowerHand(ctx, ctx.user, input)),
  giveFloor: memberProcedure.input(speakerIdInput).mutation(({ ctx, input }) => giveFloor(ctx, ctx.user, input)),
  moveSpeaker: memberProcedure.input(moveSpeakerInput).mutation(({ ctx, input }) => moveSpeaker(ctx, ctx.user, input)),

  // Registrants vote (researchers too, at a forum); only a chair opens and closes.
  openPoll: memberProcedure.input(openPollInput).mutation(({ ctx, input }) => openPoll(ctx, ctx.user, input)),
  votePoll: researcherProcedure.input(votePollInput).mutation(({ ctx, input }) => votePoll(ctx, ctx.user, input)),
  closePoll: memberProcedure.input(pollIdInput).mutation(({ ctx, input }) => closePoll(ctx, ctx.user, input)),

  saveMinutes: memberProcedure.input(minutesInput).mutation(({ ctx, input }) => saveMinutes(ctx, ctx.user, input)),
  recordDecision: memberProcedure
    .input(decisionInput)
    .mutation(({ ctx, input }) => recordDecision(ctx, ctx.user, input)),
  answerDecision: memberProcedure
    .input(answerDecisionInput)
    .mutation(({ ctx, input }) => answerDecision(ctx, ctx.user, input)),
  addAction: memberProcedure
    .input(addActionInput)
    .mutation(({ ctx, input }) => addDecisionAction(ctx, ctx.user, input)),
  setActionStatus: memberProcedure
    .input(actionStatusInput)
    .mutation(({ ctx, input }) => updateDecisionAction(ctx, ctx.user, input)),

  // The time poll: the chair offers slots and closes on one; those who may attend answer.
  createTimePoll: memberProcedure
    .input(createTimePollInput)
    .mutation(({ ctx, input }) => createTimePoll(ctx, ctx.user, input)),
  answerTimePoll: researcherProcedure
    .input(answerTimePollInput)
    .mutation(({ ctx, input }) => answerTimePoll(ctx, ctx.user, input)),
  closeTimePoll: memberProcedure
    .input(closeTimePollInput)
    .mutation(({ ctx, input }) => closeTimePoll(ctx, ctx.user, input)),

  // The holiday calendar the poll ranks by, kept by admins.
  calendarDays: adminProcedure.input(calendarYearInput).query(({ ctx, input }) => listCalendarDays(ctx.db, input)),
  addCalendarDay: adminProcedure
    .input(calendarDayInput)
    .mutation(({ ctx, input }) => addCalendarDay(ctx, ctx.user, input)),
  updateCalendarDay: adminProcedure
    .input(calendarDayInput)
    .mutation(({ ctx, input }) => updateCalendarDay(ctx, ctx.user, input)),
  removeCalendarDay: adminProcedure
    .input(calendarDateInput)
    .mutation(({ ctx, input }) => removeCalendarDay(ctx, ctx.user, input)),
});
