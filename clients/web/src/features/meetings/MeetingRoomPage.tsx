import { MeetingRoom } from './room/MeetingRoom';

/** /meetings/:id — joins the meeting as the logged-in user's venue (or in person). */
export default function MeetingRoomPage() {
  return <MeetingRoom asViewer={false} />;
}
