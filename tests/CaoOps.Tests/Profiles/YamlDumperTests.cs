using CaoOps.Profiles.Yaml;

namespace CaoOps.Tests.Profiles;

/// <summary>
/// Copilot/OpenCode frontmatter must follow libyaml's emitter (§3.10). Expected outputs were produced by
/// PyYAML 6.0.3 <c>yaml.dump(..., Dumper=CSafeDumper, default_flow_style=False, allow_unicode=True)</c>.
/// </summary>
public sealed class YamlDumperTests
{
    [Theory]
    [InlineData("Talks to the ticket service", "description: Talks to the ticket service\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("it's", "description: it's\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("say \"hi\"", "description: say \"hi\"\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("all", "description: all\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("yes", "description: 'yes'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("1.5", "description: '1.5'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("? x", "description: '? x'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("a #b", "description: 'a #b'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("trail ", "description: 'trail '\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("a \nb", "description: \"a \\nb\"\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("tab\there", "description: \"tab\\there\"\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("\u0085x", "description: \"\\Nx\"\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("<<", "description: '<<'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("multi\nline\ntext", "description: 'multi\n\n  line\n\n  text'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("trailing nl\n", "description: 'trailing nl\n\n  '\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("\nleading nl", "description: '\n\n  leading nl'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("lambda epsilon nu phi beta gamma sigma delta mu tau beta rho eta beta gamma xi xi gamma theta gamma", "description: lambda epsilon nu phi beta gamma sigma delta mu tau beta rho eta beta\n  gamma xi xi gamma theta gamma\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("sigma xi beta tau delta theta phi phi tau beta tau tau nu beta theta beta sigma epsilon kappa xi: colon", "description: 'sigma xi beta tau delta theta phi phi tau beta tau tau nu beta theta\n  beta sigma epsilon kappa xi: colon'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("tab\tupsilon eta pi chi sigma xi lambda omicron tau omicron mu kappa theta zeta psi theta gamma tau kappa rho", "description: \"tab\\tupsilon eta pi chi sigma xi lambda omicron tau omicron mu kappa\n  theta zeta psi theta gamma tau kappa rho\"\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("two  spaces pi  lambda  omega  omicron  kappa  upsilon  gamma  delta  rho  xi  zeta  lambda  epsilon  pi  xi  beta  chi  gamma  sigma  tau", "description: two  spaces pi  lambda  omega  omicron  kappa  upsilon  gamma  delta  rho  xi  zeta  lambda  epsilon  pi  xi  beta  chi  gamma  sigma  tau\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("epsilon xi sigma iota psi xi mu chi nu theta epsilon gamma zeta epsilon theta chi theta alpha pi tau zeta iota kappa alpha epsilon xi sigma mu upsilon tau: colon", "description: 'epsilon xi sigma iota psi xi mu chi nu theta epsilon gamma zeta epsilon\n  theta chi theta alpha pi tau zeta iota kappa alpha epsilon xi sigma mu upsilon tau:\n  colon'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    [InlineData("mu epsilon sigma sigma epsilon alpha alpha omega phi delta rho omega epsilon xi eta eta alpha iota eta kappa rho theta tau lambda iota sigma xi epsilon beta omega mu omicron chi tau rho xi rho epsilon sigma epsilon rho rho alpha omicron zeta: colon", "description: 'mu epsilon sigma sigma epsilon alpha alpha omega phi delta rho omega\n  epsilon xi eta eta alpha iota eta kappa rho theta tau lambda iota sigma xi epsilon\n  beta omega mu omicron chi tau rho xi rho epsilon sigma epsilon rho rho alpha omicron\n  zeta: colon'\nname: n\npermission:\n  bash: deny\n  read: allow\n")]
    public void MatchesLibyaml(string description, string expected)
    {
        var d = new PyDict();
        d.Set("name", "n");
        d.Set("description", description);
        var permission = new PyDict();
        permission.Set("read", "allow");
        permission.Set("bash", "deny");
        d.Set("permission", permission);
        Assert.Equal(expected, PyYamlDumper.Dump(d));
    }
}
