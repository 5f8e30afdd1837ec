using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;

namespace Verge.Net.Hosting;

/// <summary>
/// Replaces grpc-dotnet's <c>BinderServiceMethodProvider&lt;&gt;</c> for every Verge service (issue 17): grpc-dotnet
/// parses a request with the generated marshaller before any Verge code or interceptor runs, and a request that is not
/// valid protobuf then answered <c>UNKNOWN: Exception was thrown by handler</c>. This provider binds the same methods
/// through the generated <c>BindService</c>, with a request marshaller that turns a parse failure into
/// INVALID_ARGUMENT naming the message. Invokers and endpoint metadata (service attributes, then method attributes,
/// then POST) are made the way grpc-dotnet's own binder makes them, so interceptors and <c>RequiresRole</c> still apply.
/// </summary>
internal sealed class ValidatingMethodProvider<TService> : IServiceMethodProvider<TService> where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // The generated base class (TService's ancestor) carries the attribute; its virtual methods are the RPCs.
        var baseType = typeof(TService);
        while (baseType is not null && baseType.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is null) baseType = baseType.BaseType;
        if (baseType is null) return; // not a generated service: nothing to bind, as with grpc-dotnet's own provider
        var attribute = baseType.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false)!;
        var bind = attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == attribute.BindMethodName && m.GetParameters() is [var b, _]
                && b.ParameterType == typeof(ServiceBinderBase))
            ?? throw new InvalidOperationException($"no {attribute.BindMethodName}(ServiceBinderBase, …) on {attribute.BindType}");
        // The generated BindService only reads method descriptors when the implementation is null.
        bind.Invoke(null, [new Binder(context, baseType), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type baseType) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Find<Grpc.AspNetCore.Server.Model.UnaryServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Validating(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Find<Grpc.AspNetCore.Server.Model.ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Validating(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Find<Grpc.AspNetCore.Server.Model.ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Validating(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Find<Grpc.AspNetCore.Server.Model.DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Validating(method), metadata, invoker);
        }

        private static Method<TRequest, TResponse> Validating<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
            new(method.Type, method.ServiceName, method.Name, RequestMarshaller.Wrap(method.RequestMarshaller), method.ResponseMarshaller);

        // As grpc-dotnet's ProviderServiceBinder: the instance method of TService (or a base) that overrides the
        // generated base's virtual method; service attributes first so the method's own take priority.
        private (TDelegate Invoker, List<object> Metadata) Find<TDelegate>(string name, params Type[] parameters) where TDelegate : Delegate
        {
            var handler = FindOverride(name, parameters) ?? throw new InvalidOperationException($"could not find '{name}' on {typeof(TService)}");
            var metadata = new List<object>(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        private MethodInfo? FindOverride(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var found = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly,
                    binder: null, parameters, modifiers: null);
                if (found is null) return null;
                if (found.IsVirtual && found.GetBaseDefinition().DeclaringType == baseType) return found;
            }
            return null;
        }
    }
}
