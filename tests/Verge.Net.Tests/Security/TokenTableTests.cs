using Verge.Core.Errors;
using Verge.Net.Security;

namespace Verge.Net.Tests.Security;

public sealed class TokenTableTests
{
    [Fact]
    public void FindsTheRoleOfAKnownTokenAndNothingForOthers()
    {
        var tokens = SecurityFixtures.Tokens;
        Assert.Equal(3, tokens.Count);
        Assert.Equal(TokenRole.Admin, tokens.Find(SecurityFixtures.AdminToken)!.Role);
        Assert.Equal(TokenRole.Infer, tokens.Find(SecurityFixtures.InferToken)!.Role);
        Assert.Null(tokens.Find(SecurityFixtures.AdminToken + "x"));
        Assert.Null(tokens.Find(""));
        // The identity names the caller without revealing the token.
        Assert.DoesNotContain(SecurityFixtures.AdminToken, tokens.Find(SecurityFixtures.AdminToken)!.Identity);
        Assert.NotEqual(tokens.Find(SecurityFixtures.AdminToken)!.Identity, tokens.Find(SecurityFixtures.InferToken)!.Identity);
    }

    [Fact]
    public void AdminIncludesInferButNotTheOtherWayRound()
    {
        Assert.True(new TokenGrant("a", TokenRole.Admin).Allows(TokenRole.Infer));
        Assert.False(new TokenGrant("i", TokenRole.Infer).Allows(TokenRole.Admin));
    }

    [Theory]
    [InlineData("only-a-token-without-role", "expected 'TOKEN ROLE'")]
    [InlineData("0123456789abcdef0123 root", "expected 'TOKEN ROLE'")]
    [InlineData("short admin", "shorter than 16")]
    [InlineData("# nothing but a comment", "holds no tokens")]
    public void BadLinesAreOneLineErrors(string line, string expected)
    {
        var e = Assert.Throws<InputException>(() => TokenTable.Parse([line], "tokens.txt"));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
