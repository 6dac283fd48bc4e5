// A battle: pick robot and scene, start a session, run turns (both hidden models act), replay
// both episodes side by side on one timeline, vote, see the models revealed, run more turns.
import { Loader2, Play, Plus } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, type Battle, type Episode, type Robot, type Scene, type Session, type VoteValue } from '../api.ts';
import { useApi } from '../ApiContext.tsx';
import { Timeline } from '../replay/Timeline.tsx';
import { span } from '../replay/timeline.ts';
import { useTimeline } from '../replay/useTimeline.ts';
import { Viewer } from '../replay/Viewer.tsx';
import { VotePanel } from './VotePanel.tsx';

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

/** The battle shown for a session: its newest. */
function currentBattleId(session: Session): string | null {
  const sorted = [...session.battles].sort((a, b) => a.created_at.localeCompare(b.created_at));
  return sorted.at(-1)?.battle_id ?? null;
}

export function BattlePage({ onChanged }: { onChanged(): void }) {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');

  const [session, setSession] = useState<Session | null>(null);
  const [battle, setBattle] = useState<Battle | null>(null);
  const [mjcf, setMjcf] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [turnSeq, setTurnSeq] = useState<number | null>(null);
  const [episodes, setEpisodes] = useState<{ turnId: string; left: Episode; right: Episode } | null>(null);
  const [episodeError, setEpisodeError] = useState<string | null>(null);
  const [instruction, setInstruction] = useState('');
  const [busy, setBusy] = useState(false);
  const [turnError, setTurnError] = useState<string | null>(null);
  const [voting, setVoting] = useState(false);
  const [voteError, setVoteError] = useState<string | null>(null);

  // Opening a session (from the URL: a reload or the history restores it).
  useEffect(() => {
    setSession(null);
    setBattle(null);
    setMjcf(null);
    setEpisodes(null);
    setTurnSeq(null);
    setLoadError(null);
    setTurnError(null);
    setVoteError(null);
    if (!sessionId) return;
    let cancelled = false;
    (async () => {
      const s = await api.session(sessionId);
      const battleId = currentBattleId(s);
      const [b, xml] = await Promise.all([battleId ? api.battle(battleId) : Promise.resolve(null), api.mjcf(sessionId)]);
      if (cancelled) return;
      setSession(s);
      setBattle(b);
      setMjcf(xml);
      setTurnSeq(b?.turns.at(-1)?.seq ?? null);
    })().catch((e: unknown) => !cancelled && setLoadError(`Could not open session ${sessionId}: ${message(e)}`));
    return () => {
      cancelled = true;
    };
  }, [api, sessionId]);

  const turn = battle?.turns.find((t) => t.seq === turnSeq) ?? null;

  // The shown turn's two episodes.
  useEffect(() => {
    setEpisodeError(null);
    if (!turn) return setEpisodes(null);
    if (episodes?.turnId === turn.turn_id) return;
    let cancelled = false;
    Promise.all([api.episode(turn.left_episode_id), api.episode(turn.right_episode_id)])
      .then(([left, right]) => !cancelled && setEpisodes({ turnId: turn.turn_id, left, right }))
      .catch((e: unknown) => !cancelled && setEpisodeError(`Could not load the episodes: ${message(e)}`));
    return () => {
      cancelled = true;
    };
  }, [api, turn?.turn_id]);

  const shown = episodes && turn && episodes.turnId === turn.turn_id ? episodes : null;
  const { start, end } = shown ? span(shown.left.states, shown.right.states) : { start: 0, end: 0 };
  const tl = useTimeline(start, end, shown?.turnId ?? 'none');
  // Both replays end by `end`: reaching it (played or scrubbed) means both were seen through.
  const watched = shown !== null && tl.reached >= end - 1e-9;

  const refreshBattle = useCallback(async (battleId: string) => {
    const b = await api.battle(battleId);
    setBattle(b);
    return b;
  }, [api]);

  const runTurn = async (e: FormEvent) => {
    e.preventDefault();
    if (!battle || !instruction.trim() || busy) return;
    setBusy(true);
    setTurnError(null);
    setVoteError(null);
    try {
      const res = await api.runTurn(battle.battle_id, instruction.trim());
      await refreshBattle(battle.battle_id);
      setTurnSeq(res.seq);
      setInstruction('');
      onChanged();
    } catch (error) {
      setTurnError(message(error));
    } finally {
      setBusy(false);
    }
  };

  const vote = async (v: VoteValue) => {
    if (!battle) return;
    setVoting(true);
    setVoteError(null);
    try {
      const res = await api.vote(battle.battle_id, v);
      setBattle({ ...battle, voted: true, vote: res.vote, left_model: res.revealed_models.left, right_model: res.revealed_models.right });
      onChanged();
    } catch (error) {
      setVoteError(`The vote was refused: ${message(error)}`);
      // Whatever the backend now knows (e.g. a vote cast elsewhere) is what the page shows.
      await refreshBattle(battle.battle_id).catch(() => undefined);
      onChanged();
    } finally {
      setVoting(false);
    }
  };

  const newSession = () => setParams({});

  if (!sessionId) return <SessionSetup onStarted={(id) => { onChanged(); setParams({ session: id }); }} />;

  if (loadError)
    return (
      <main className="battle">
        <p className="error-text" role="alert" data-testid="session-error">{loadError}</p>
        <button type="button" className="secondary-button" onClick={newSession}>Start a new session</button>
      </main>
    );
  if (!session || !battle || mjcf === null)
    return (
      <main className="battle">
        <p className="muted" data-testid="session-loading"><Loader2 size={14} className="spin" /> Opening the session…</p>
      </main>
    );

  return (
    <main className="battle" data-testid="battle" data-session-id={session.session_id} data-battle-id={battle.battle_id}>
      <div className="battle-bar">
        <div className="battle-meta">
          <strong data-testid="battle-robot">{session.robot_id}</strong> in <strong data-testid="battle-scene">{session.scene_id}</strong>
          <span className="muted mono" data-testid="battle-id">{battle.battle_id}</span>
        </div>
        <button type="button" className="secondary-button" data-testid="new-session" onClick={newSession}>
          <Plus size={15} /> New battle
        </button>
      </div>

      <form className="turn-form" onSubmit={runTurn}>
        <input
          type="text"
          data-testid="instruction-input"
          aria-label="Instruction for both robots"
          placeholder={battle.turns.length ? 'Another instruction, e.g. "push the red cube to the left"' : 'Tell both robots what to do, e.g. "pick up the red cube"'}
          value={instruction}
          maxLength={2000}
          disabled={busy}
          onChange={(e) => setInstruction(e.target.value)}
        />
        <button type="submit" className="primary-button" data-testid="run-turn" disabled={busy || !instruction.trim()}>
          {busy ? <Loader2 size={15} className="spin" /> : <Play size={15} />}
          {battle.voted ? 'Next turn' : battle.turns.length ? 'Run another turn' : 'Run turn'}
        </button>
      </form>
      {busy && (
        <p className="busy-note" role="status" data-testid="turn-busy">
          <Loader2 size={14} className="spin" /> Both models are acting on the scene…
        </p>
      )}
      {turnError && (
        <p className="error-text" role="alert" data-testid="turn-error">
          Turn failed: {turnError}
        </p>
      )}

      {battle.turns.length > 1 && (
        <div className="turn-tabs" role="group" aria-label="Turns" data-testid="turn-tabs">
          {battle.turns.map((t) => (
            <button
              key={t.turn_id}
              type="button"
              className={`mode-button${t.seq === turnSeq ? ' active' : ''}`}
              aria-pressed={t.seq === turnSeq}
              data-testid={`turn-tab-${t.seq}`}
              title={t.instruction}
              onClick={() => setTurnSeq(t.seq)}
            >
              Turn {t.seq}
            </button>
          ))}
        </div>
      )}
      {turn && (
        <p className="turn-instruction" data-testid="turn-instruction" data-turn-id={turn.turn_id} data-seq={turn.seq}>
          Turn {turn.seq}: “{turn.instruction}”
        </p>
      )}
      {episodeError && <p className="error-text" role="alert" data-testid="episode-error">{episodeError}</p>}

      <div className="viewers">
        <Viewer side="left" mjcf={mjcf} episode={shown?.left ?? null} time={tl.time} model={battle.left_model} />
        <Viewer side="right" mjcf={mjcf} episode={shown?.right ?? null} time={tl.time} model={battle.right_model} />
      </div>
      <Timeline tl={tl} disabled={!shown} />
      <VotePanel battle={battle} watched={watched} hasEpisodes={shown !== null} voting={voting} error={voteError} onVote={vote} />
    </main>
  );
}

function SessionSetup({ onStarted }: { onStarted(sessionId: string): void }) {
  const api = useApi();
  const [robots, setRobots] = useState<Robot[] | null>(null);
  const [scenes, setScenes] = useState<Scene[] | null>(null);
  const [robot, setRobot] = useState('');
  const [scene, setScene] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    Promise.all([api.robots(), api.scenes()])
      .then(([r, s]) => {
        setRobots(r);
        setScenes(s);
        setRobot((cur) => cur || r[0]?.id || '');
        setScene((cur) => cur || s[0]?.id || '');
      })
      .catch((e: unknown) => setError(`Could not load robots and scenes: ${message(e)}`));
  }, [api]);

  const sceneInfo = useMemo(() => scenes?.find((s) => s.id === scene), [scenes, scene]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    setStarting(true);
    setError(null);
    try {
      const res = await api.initSession(robot, scene);
      onStarted(res.session_id);
    } catch (err) {
      setError(`Could not start the session: ${message(err)}`);
      setStarting(false);
    }
  };

  return (
    <main className="battle setup">
      <h2>Start a battle</h2>
      <p className="muted">Two hidden models act on the same robot and scene; you judge which did better.</p>
      <form className="setup-form" onSubmit={start} data-testid="session-setup">
        <label>
          <span className="field-label">Robot</span>
          <select data-testid="robot-select" value={robot} onChange={(e) => setRobot(e.target.value)} disabled={!robots}>
            {robots?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.dof} joints)
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">Scene</span>
          <select data-testid="scene-select" value={scene} onChange={(e) => setScene(e.target.value)} disabled={!scenes}>
            {scenes?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {sceneInfo && <p className="muted small-note">{sceneInfo.description}</p>}
        <button type="submit" className="primary-button" data-testid="start-session" disabled={!robot || !scene || starting}>
          {starting ? <Loader2 size={15} className="spin" /> : <Plus size={15} />} Start session
        </button>
      </form>
      {error && <p className="error-text" role="alert" data-testid="setup-error">{error}</p>}
    </main>
  );
}
