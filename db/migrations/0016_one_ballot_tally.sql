-- One tally (issue #16): the turnout and tallies that a `vote:counted` notice carries and that the
-- ballot page reads (`ballots.get`) come from this one function. They were added up twice, here and
-- in TypeScript, with a test to keep the two equal; a page that applies notices to what it read
-- needs them to be the same by construction. STABLE: it reads in its caller's snapshot, so inside
-- ballot_vote_notice it still counts after the stream head's lock.
CREATE OR REPLACE FUNCTION ballot_counts(p_ballot_id integer, p_tallies boolean)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
           'ballotId', b.id,
           'turnout', (
             SELECT coalesce(jsonb_agg(jsonb_build_object(
                      'regionId', r.region_id, 'electorate', r.electorate, 'quorum', r.quorum,
                      'voted', (SELECT count(*) FROM ballot_electorate e
                                WHERE e.ballot_id = r.ballot_id AND e.region_id = r.region_id AND e.first_voted_at IS NOT NULL))
                    ORDER BY r.region_id), '[]'::jsonb)
             FROM ballot_regions r WHERE r.ballot_id = b.id))
         || CASE WHEN p_tallies THEN jsonb_build_object('tallies', (
             SELECT coalesce(jsonb_agg(plan_tally.row ORDER BY plan_tally.plan_id), '[]'::jsonb)
             FROM (
               SELECT p.id AS plan_id,
                      jsonb_build_object(
                        'planId', p.id,
                        'approve', coalesce(sum(c.approve), 0), 'reject', coalesce(sum(c.reject), 0), 'abstain', coalesce(sum(c.abstain), 0),
                        'byRegion', coalesce(jsonb_agg(jsonb_build_object('regionId', r.region_id, 'approve', c.approve, 'reject', c.reject, 'abstain', c.abstain)
                                                       ORDER BY r.region_id) FILTER (WHERE r.region_id IS NOT NULL), '[]'::jsonb)) AS row
               FROM benefit_plans p
               LEFT JOIN ballot_regions r ON r.ballot_id = p.ballot_id
               LEFT JOIN LATERAL (
                 SELECT coalesce(sum(s.approve), 0) AS approve, coalesce(sum(s.reject), 0) AS reject, coalesce(sum(s.abstain), 0) AS abstain
                 FROM ballot_tally_slots s
                 WHERE s.ballot_id = p.ballot_id AND s.plan_id = p.id AND s.region_id = r.region_id) c ON true
               WHERE p.ballot_id = b.id
               GROUP BY p.id) plan_tally))
           ELSE '{}'::jsonb END
    FROM ballots b WHERE b.id = p_ballot_id
$$;
--> statement-breakpoint
-- The live notice, as in 0010, its payload from ballot_counts: running tallies only on a roll-call
-- ballot that shows them (a secret ballot's never go out in a notice).
CREATE OR REPLACE FUNCTION ballot_vote_notice(p_ballot_id integer)
RETURNS TABLE (out_id bigint, out_seq bigint, out_created_at timestamptz, out_payload jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_stream text := 'ballot:' || p_ballot_id;
  v_seq bigint;
  v_payload jsonb;
BEGIN
  -- The stream head's row lock first. A volatile function takes a fresh snapshot for each statement,
  -- so the counters below are read after the lock: a notice with a higher seq never counts fewer
  -- votes than an earlier one, even when several processes write notices.
  INSERT INTO stream_heads (stream, last_seq) VALUES (v_stream, 1)
  ON CONFLICT (stream) DO UPDATE SET last_seq = stream_heads.last_seq + 1
  RETURNING last_seq INTO v_seq;

  SELECT ballot_counts(b.id, b.visibility = 'roll_call' AND (b.status = 'closed' OR b.show_running_tallies))
    INTO v_payload
    FROM ballots b WHERE b.id = p_ballot_id;

  IF v_payload IS NULL THEN
    RAISE EXCEPTION 'ballot % does not exist', p_ballot_id USING ERRCODE = 'no_data_found';
  END IF;

  RETURN QUERY
    INSERT INTO events (stream, seq, type, payload) VALUES (v_stream, v_seq, 'vote:counted', v_payload)
    RETURNING events.id, events.seq, events.created_at, events.payload;
END;
$$;
