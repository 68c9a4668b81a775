using System.Text.Json.Nodes;
using Omniman.Channels;

namespace Omniman.Tests.Channels;

public sealed class ChannelTests
{
    private static ChannelDefinition Definition(string? code = "pos", string? name = "Point of sale", string? pricing = null,
        string? edit = null, JsonObject? config = null, int? displayOrder = null, bool? isActive = null) =>
        new(code, name, pricing, edit, displayOrder, isActive, config);

    [Fact]
    public void Create_AppliesDefaults_WhenOptionalFieldsAreMissing()
    {
        var channel = Channel.Create(Definition(), Given.Now);

        Assert.Equal("pos", channel.Code);
        Assert.Equal("Point of sale", channel.Name);
        Assert.Equal(PricingPolicies.Internal, channel.PricingPolicy);
        Assert.Equal(EditPolicies.Open, channel.EditPolicy);
        Assert.Equal(0, channel.DisplayOrder);
        Assert.True(channel.IsActive);
        Assert.Empty(channel.Config);
        Assert.Same(OrderFlow.Default, channel.Settings.OrderFlow);
        Assert.Equal(Given.Now, channel.CreatedAt);
        Assert.Equal(Given.Now, channel.UpdatedAt);
    }

    [Fact]
    public void Create_KeepsEveryField_WhenAllAreGiven()
    {
        var channel = Channel.Create(Definition("ifood", "iFood", PricingPolicies.External, EditPolicies.Locked,
            Given.Object("""{"required_checks_on_commit": ["stock"]}"""), 3, false), Given.Now);

        Assert.Equal(PricingPolicies.External, channel.PricingPolicy);
        Assert.Equal(EditPolicies.Locked, channel.EditPolicy);
        Assert.Equal(3, channel.DisplayOrder);
        Assert.False(channel.IsActive);
        Assert.Equal(["stock"], channel.Settings.RequiredChecksOnCommit);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("POS")]
    [InlineData("pos shop")]
    [InlineData("-pos")]
    [InlineData("_pos")]
    [InlineData("pós")]
    [InlineData("pos.shop")]
    public void Create_ThrowsValidationError_WhenCodeIsNotASlug(string? code)
    {
        var ex = Rules.Throws("validation_error", () => Channel.Create(Definition(code), Given.Now));

        Assert.Equal("code", ex.Context().Text("field"));
    }

    [Fact]
    public void Create_ThrowsValidationError_WhenCodeIsLongerThan64Characters()
    {
        Assert.Equal(new string('a', 64), Channel.Create(Definition(new string('a', 64)), Given.Now).Code);
        Rules.Throws("validation_error", () => Channel.Create(Definition(new string('a', 65)), Given.Now));
    }

    [Theory]
    [InlineData("web-shop_2")]
    [InlineData("7eleven")]
    public void Create_AcceptsCode_WhenItIsASlug(string code)
    {
        Assert.Equal(code, Channel.Create(Definition(code), Given.Now).Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_ThrowsMissingField_WhenNameIsBlank(string? name)
    {
        var ex = Rules.Throws("missing_field", () => Channel.Create(Definition(name: name), Given.Now));

        Assert.Equal("name", ex.Context().Text("field"));
    }

    [Theory]
    [InlineData("free")]
    [InlineData("Internal")]
    public void Create_ThrowsValidationError_WhenPricingPolicyIsUnknown(string pricing)
    {
        var ex = Rules.Throws("validation_error", () => Channel.Create(Definition(pricing: pricing), Given.Now));

        Assert.Equal("pricing_policy", ex.Context().Text("field"));
    }

    [Fact]
    public void Create_ThrowsValidationError_WhenEditPolicyIsUnknown()
    {
        var ex = Rules.Throws("validation_error", () => Channel.Create(Definition(edit: "readonly"), Given.Now));

        Assert.Equal("edit_policy", ex.Context().Text("field"));
    }

    [Fact]
    public void Create_ThrowsValidationError_WhenConfigIsInvalid()
    {
        var ex = Rules.Throws("validation_error",
            () => Channel.Create(Definition(config: Given.Object("""{"required_checks_on_commit": ["fraud"]}""")), Given.Now));

        Assert.Equal("required_checks_on_commit", ex.Context().Text("key"));
    }

    [Fact]
    public void Replace_LeavesChannelUnchanged_WhenNewConfigIsInvalid()
    {
        var channel = Channel.Create(Definition(config: Given.Object("""{"post_commit_directives": ["stock.commit"]}""")), Given.Now);

        Rules.Throws("validation_error", () => channel.Replace(
            Definition(name: "Renamed", pricing: PricingPolicies.External, config: Given.Object("""{"checks": 1}""")), Given.Now.AddDays(1)));

        Assert.Equal("Point of sale", channel.Name);
        Assert.Equal(PricingPolicies.Internal, channel.PricingPolicy);
        Assert.Equal(["stock.commit"], channel.Settings.PostCommitDirectives);
        Assert.Equal(Given.Now, channel.UpdatedAt);
    }

    [Fact]
    public void Replace_ReplacesEveryFieldButCode_WhenDefinitionIsValid()
    {
        var channel = Channel.Create(Definition(), Given.Now);

        channel.Replace(Definition("other", "Counter", PricingPolicies.Mixed, EditPolicies.Locked,
            Given.Object("""{"post_commit_directives": ["payment.capture"]}"""), 5, false), Given.Now.AddDays(1));

        Assert.Equal("pos", channel.Code);
        Assert.Equal("Counter", channel.Name);
        Assert.Equal(PricingPolicies.Mixed, channel.PricingPolicy);
        Assert.Equal(EditPolicies.Locked, channel.EditPolicy);
        Assert.Equal(5, channel.DisplayOrder);
        Assert.False(channel.IsActive);
        Assert.Equal(["payment.capture"], channel.Settings.PostCommitDirectives);
        Assert.Equal(Given.Now, channel.CreatedAt);
        Assert.Equal(Given.Now.AddDays(1), channel.UpdatedAt);
    }

    [Fact]
    public void Create_CopiesConfig_WhenCallerChangesItsDocumentAfterwards()
    {
        var config = Given.Object("""{"icon": "pos"}""");
        var channel = Channel.Create(Definition(config: config), Given.Now);

        config["icon"] = "changed";

        Assert.Equal("pos", channel.Config.Text("icon"));
    }
}
