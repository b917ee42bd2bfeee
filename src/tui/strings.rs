//! Every piece of text the trainer shows, in one place.

pub const APP_NAME: &str = "defuse";
pub const MODE_PRACTICE: &str = "practice";
pub const MODE_EXAM: &str = "exam";
pub const MODE_PRACTICE_EXPLAINED: &str = "feedback after every reply, hints on demand";
pub const MODE_EXAM_EXPLAINED: &str = "no feedback until the debrief";

pub const PICKER_TITLE: &str = " Scenarios ";
pub const PREVIEW_TITLE: &str = " About this customer ";
pub const NO_SCENARIOS: &str =
    "No scenarios found. Put scenario files in ./scenarios or pass --dir DIR.";
pub const GOALS: &str = "What you will practise";
pub const BEST: &str = "best";

pub const CHAT_TITLE: &str = " Conversation ";
pub const YOU: &str = "You";
pub const EDITOR_TITLE: &str = " Your reply ";
pub const EDITOR_PLACEHOLDER: &str = "Type your reply; Enter sends, Alt-Enter adds a line";
pub const OPTIONS_TITLE: &str = " Choose your reply ";
pub const ANGER: &str = "anger";
pub const LAST_REPLY: &str = "last";
pub const AVERAGE: &str = "avg";
pub const SCORES_TITLE: &str = " Scores ";
pub const FEEDBACK_TITLE: &str = " Feedback on your last reply ";
pub const FEEDBACK_WAITING: &str = "Reply to the customer to see what your words earned.";
pub const EXAM_NO_FEEDBACK: &str =
    "Exam mode: no feedback and no hints. Read the customer and reply.";
pub const EXAM_NO_SCORES: &str = "Scores stay hidden until the debrief.";
pub const HINT_TITLE: &str = " Hint ";
pub const NO_HINT: &str = "No hint for this moment; trust your training.";
pub const TIP: &str = "Tip";
pub const FLAGS: &str = "Watch out";
pub const EMPTY_REPLY: &str = "Type a reply first: silence makes an angry customer angrier.";
pub const NO_HINTS_IN_EXAM: &str = "No hints in exam mode.";
pub const PATIENCE: &str = "patience";
pub const PATIENCE_RAN_OUT: &str = "The customer is tired of waiting and getting angrier.";
pub const CONVERSATION_OVER: &str = "The conversation is over. Press Enter for the debrief.";

pub const DEBRIEF_TITLE: &str = " Debrief ";
pub const TURNS_TITLE: &str = " Turn by turn ";
pub const COMPARE_TITLE: &str = " Your reply and a model reply ";
pub const MODEL_REPLY: &str = "Model reply";
pub const YOUR_REPLY: &str = "You said";
pub const NO_MODEL_REPLY: &str = "(this turn has no model reply)";
pub const OVERALL: &str = "overall";

pub const HELP_TITLE: &str = " Keys (? or F1 closes) ";
pub const LEAVE_QUESTION: &str =
    "Leave this conversation? The customer is still waiting and this run will not be saved.";
pub const QUIT_QUESTION: &str =
    "Quit defuse? The customer is still waiting and this run will not be saved.";
pub const DRILL_LEAVE_QUESTION: &str = "Leave the drill? Your replies so far are saved on the host; join again with the same name and code to carry on.";
pub const QUIT_ANSWERS_QUIT: &str = "y  quit      n  stay";
pub const QUIT_ANSWERS: &str = "y  leave      n  stay";
pub const YES_NO: &str = "y  yes      n  no";
pub const TOO_SMALL: &str = "defuse needs a window of at least 80x24.";
pub const TOO_SMALL_NOW: &str = "Make the window larger to continue";

pub const STDIN_NOT_TERMINAL: &str = "stdin is not a terminal, so the trainer cannot start; to play without a screen, give the replies with --replies FILE (or --replies - to read them from stdin)";

pub const HISTORY_TITLE: &str = " Your runs (newest first) ";
pub const PROGRESS_TITLE: &str = " Progress over time (oldest → newest) ";
pub const NO_HISTORY: &str = "No finished runs yet. Play a scenario to start your history.";
pub const RECORD_NOT_SAVED: &str = "Could not save this run's record";

pub const DRILL_HELD: &str = "Hold on: the drill is";
pub const DRILL_OFFLINE: &str = "offline (connection to the host lost)";
pub const DRILL_LOST: &str = "Connection to the host lost";
pub const DRILL_RECONNECTING: &str = "reconnecting… (your replies so far are saved on the host)";
pub const DRILL_BACK: &str = "Reconnected to the host; carry on.";

pub const DRILL_TITLE: &str = " Round-table drill ";
pub const DRILL_LOOK_AWAY: &str =
    "Everyone else, please look away: answers stay hidden until all have answered.";
pub const DRILL_REVEAL_TITLE: &str = " All answers ";
pub const DRILL_REVEAL_SHARED: &str = "Discuss. Enter continues the conversation with the selected answer (★ is the best-scoring); o lets each player carry on with their own answer.";
pub const DRILL_REVEAL_OWN: &str =
    "Each player carries on their own path. Discuss, then press Enter for the next turn.";
pub const DRILL_END_QUESTION: &str =
    "End the drill now? Runs that have not reached an ending are not saved.";
pub const DRILL_DEBRIEF_TITLE: &str = " Drill debrief: players ";
pub const DRILL_ROUNDS_TITLE: &str = " Turn by turn: spread of scores and the best reply ";
pub const HOST_END_QUESTION: &str = "End the drill for everyone? Finished runs are already saved.";
pub const HOST_QUIT_QUESTION: &str =
    "Stop hosting? Participants are disconnected; finished runs are already saved.";
