package io.tierwise.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tierwise.config.ConversationSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationFlattenerTest {

  private static final ConversationFlattener DEFAULTS =
      new ConversationFlattener(ConversationSettings.defaults());

  private static ChatTurn user(String text) {
    return new ChatTurn("user", text);
  }

  private static ChatTurn assistant(String text) {
    return new ChatTurn("assistant", text);
  }

  @Test
  void aSingleUserTurnIsScoredExactlyLikeAPlainPrompt() {
    assertEquals(
        Optional.of("  What is 2+2?\n"),
        DEFAULTS.flatten(List.of(new ChatTurn("system", "Be terse."), user("  What is 2+2?\n"))));
  }

  @Test
  void turnsAreTaggedWithRolesOldestFirstWithoutInstructions() {
    List<ChatTurn> conversation =
        List.of(
            new ChatTurn("system", "You are a helpful assistant."),
            user("Prove that sqrt(2) is irrational."),
            assistant("Assume sqrt(2) = p/q in lowest terms..."),
            new ChatTurn("developer", "Answer in LaTeX."),
            user("Now do the same for sqrt(3)."));

    assertEquals(
        Optional.of(
            "user: Prove that sqrt(2) is irrational.\n\n"
                + "assistant: Assume sqrt(2) = p/q in lowest terms...\n\n"
                + "user: Now do the same for sqrt(3)."),
        DEFAULTS.flatten(conversation));
  }

  @Test
  void onlyTheLastTurnsAreKept() {
    ConversationFlattener twoTurns = new ConversationFlattener(new ConversationSettings(2, 1000));

    assertEquals(
        Optional.of("assistant: a2\n\nuser: u3"),
        twoTurns.flatten(
            List.of(user("u1"), assistant("a1"), user("u2"), assistant("a2"), user("u3"))));
  }

  @Test
  void theWindowReachesBackToTheLastUserMessage() {
    ConversationFlattener oneTurn = new ConversationFlattener(new ConversationSettings(1, 1000));

    assertEquals(
        Optional.of("user: question\n\nassistant: partial answer"),
        oneTurn.flatten(List.of(user("question"), assistant("partial answer"))));
  }

  @Test
  void overTheBudgetTheOldestTextIsCutAtAWordBoundary() {
    ConversationFlattener small = new ConversationFlattener(new ConversationSettings(4, 42));

    Optional<String> text =
        small.flatten(
            List.of(
                user("tell me about the history of the roman empire"),
                assistant("it lasted centuries"),
                user("and its fall?")));

    // 40 characters from the end fall inside "assistant: ", so the cut moves to the next word.

    assertEquals(Optional.of("it lasted centuries\n\nuser: and its fall?"), text);
  }

  @Test
  void aLastUserMessageThatAloneExceedsTheBudgetIsScoredAloneVerbatim() {
    ConversationFlattener small = new ConversationFlattener(new ConversationSettings(4, 20));
    String longQuestion = "explain the proof of Fermat's last theorem in detail";

    assertEquals(
        Optional.of(longQuestion),
        small.flatten(List.of(user("hi"), assistant("hello"), user(longQuestion))));
  }

  @Test
  void aConversationWithoutUserTextHasNothingToScore() {
    assertEquals(
        Optional.empty(),
        DEFAULTS.flatten(
            List.of(new ChatTurn("system", "Be terse."), assistant("Hello!"), user("   "))));
  }

  @Test
  void keepTailNeverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDE00cd";

    assertEquals("cd", ConversationFlattener.keepTail(text, 3));
  }
}
