package io.syncline.demo.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The user names {@code PUT /api/boards/{id}/members/{user}} takes. */
class MemberUserNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "d.e_f-g@example.com", "User42"})
    void lettersDigitsAndDotUnderscoreHyphenAtMakeAUserName(String name) {
        assertThat(BoardMember.isValidUser(name)).isTrue();
        assertThat(BoardMember.isValidUser("x".repeat(BoardService.MAX_USER_LENGTH))).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"<script>", "a b", " alice", "alice\n", "é", "a/b", "a'b", "DOMAIN\\user"})
    void anythingElseIsNoUserName(String name) {
        assertThat(BoardMember.isValidUser(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {BoardService.MAX_USER_LENGTH + 1, 10_000})
    void longerNamesAreNoUserNames(int length) {
        assertThat(BoardMember.isValidUser("x".repeat(length))).isFalse();
    }
}
