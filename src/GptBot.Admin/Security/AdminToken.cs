using System.Security.Cryptography;
using System.Text;

namespace GptBot.Admin.Security;

/// <summary>The admin token check: constant time, whatever the length or content of the guess.</summary>
public static class AdminToken
{
    /// <summary>
    /// Whether <paramref name="offered"/> is <paramref name="expected"/>. Both are hashed first, so the comparison takes
    /// the same time for a guess of any length and never tells how much of it was right.
    /// </summary>
    public static bool Matches(string expected, string? offered)
    {
        if (expected.Length == 0 || offered is null)
        {
            return false;
        }

        Span<byte> left = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> right = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), left);
        SHA256.HashData(Encoding.UTF8.GetBytes(offered), right);
        return CryptographicOperations.FixedTimeEquals(left, right);
    }
}
